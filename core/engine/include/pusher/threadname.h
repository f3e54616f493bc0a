// nameThisThread: names the calling thread, so that top -H, perf and gdb tell the engine's
// threads apart (scheduler, listeners, I/O loops, timers).
#pragma once

namespace pusher {

// nameThisThread sets the calling thread's name; Linux keeps the first 15 characters.
void nameThisThread(const char* name) noexcept;

} // namespace pusher
