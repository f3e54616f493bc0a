#pragma once

#include <pusher/scenario/scenario.h>

#include <QList>
#include <QString>

#include <optional>

namespace pusher {

// hostfilePath is a distributed run's hostfile as the app hands it to mpirun: relative to
// `folder` (the scenario's); empty when the scenario names none.
QString hostfilePath(const DistributedSpec& distributed, const QString& folder);

// hostfileProblem is the problem of a hostfile that is not there ("…/hosts.txt: no such
// file", at distributed.hostfile); none when the scenario names none or it is a file. The
// app refuses such a run before mpirun, and the editor lists it (the same words).
std::optional<Problem> hostfileProblem(const DistributedSpec& distributed, const QString& folder);

// RankHost is a host a distributed run's ranks may run on, and where that is said: a scenario
// field ("distributed.hosts[1]"), a hostfile's line ("/etc/pusher/hosts line 3"), or a rank
// of the job ("rank 2").
struct RankHost {
    QString name;
    QString where;
};

// hostfileHosts reads an Open MPI hostfile's hosts: the first word of each line ("loadgen1
// slots=2"; "user@loadgen1" is loadgen1, a word ending in '@' is kept whole), comments (#)
// and blank lines skipped, `where` naming `path` and the line. No name is empty.
QList<RankHost> hostfileHosts(const QByteArray& text, const QString& path);

// distributedHosts lists the hosts a scenario's "distributed" settings name: its `hosts`
// ("name" or "name:slots") or its hostfile's (read from `folder`, the scenario's); none when
// every rank runs on this machine, or the hostfile cannot be read (hostfileProblem says why).
QList<RankHost> distributedHosts(const DistributedSpec& distributed, const QString& folder);

// isThisMachine tells whether `host` names this machine without resolving it: localhost
// (and *.localhost), a loopback address (127.0.0.0/8, ::1), an address of one of its
// interfaces, or its host name (with or without its domain).
bool isThisMachine(const QString& host);

// distributedProblems finds what would go wrong only once every rank of a distributed run
// has started, so that it is said before mpirun starts them (pusher-cli validate, the app's
// launch) or before rank 0 sends the scenario (pusher-cli under mpirun):
//  - a data file with fewer rows than `ranks` (rank r takes the rows i ≡ r mod ranks: some
//    rank would have none), at workers[i].data.file;
//  - a target on this machine's loopback (an http or flow step URL, a tcp address on
//    127.0.0.0/8, ::1, localhost, or the sandbox that rank 0 serves on loopback) while
//    `hosts` names another machine, whose ranks would each call themselves, at the URL's
//    field (workers[i].target.url, workers[i].target.steps[j].url, workers[i].target.address),
//    naming the host and where it is named.
// `scenario` is resolved (Scenario::resolved: ${VAR}s substituted, data files absolute);
// `url` is pusher-cli's --url (it replaces the http URLs and the flow steps' origins).
QList<Problem> distributedProblems(const Scenario& scenario, int ranks,
                                   const QList<RankHost>& hosts, const QString& url = {});

} // namespace pusher
