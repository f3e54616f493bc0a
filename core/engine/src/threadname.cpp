#include "pusher/threadname.h"

#include <pthread.h>

#include <cstring>

namespace pusher {

void nameThisThread(const char* name) noexcept {
    char shortName[16];
    std::strncpy(shortName, name, sizeof shortName - 1);
    shortName[sizeof shortName - 1] = '\0';
    pthread_setname_np(pthread_self(), shortName);
}

} // namespace pusher
