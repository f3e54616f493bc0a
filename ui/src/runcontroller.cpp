#include <pusher/ui/runcontroller.h>

#include <QMetaObject>
#include <QPointer>

#include <chrono>

namespace pusher {

RunController::RunController(QObject* parent)
    : QObject(parent) {}

RunController::~RunController() {
    if (m_run)
        m_run->stop();
    joinWatcher();
}

void RunController::joinWatcher() {
    if (m_watcher.joinable())
        m_watcher.join();
}

QList<Problem> RunController::start(const Scenario& scenario, RunOptions options) {
    if (m_running)
        return {Problem{QString(), tr("a run is already going")}};
    joinWatcher(); // the last run's watcher has queued its finish already
    auto run = std::make_unique<ScenarioRun>(scenario, std::move(options));
    QList<Problem> problems = run->prepare();
    if (!problems.isEmpty())
        return problems;
    const quint64 generation = ++m_generation;
    // One queued call per interval: the recorder calls this once per interval end (the last,
    // partial one from the thread that finishes the run).
    run->setSnapshotCallback([this, generation](std::shared_ptr<const Snapshot> snapshot) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, s = std::move(snapshot)]() mutable {
                deliver(generation, std::move(s));
            },
            Qt::QueuedConnection);
    });
    if (!run->start())
        return {Problem{QString(), tr("the run could not be started")}};
    m_run = std::move(run);
    m_running = true;
    m_snapshots = 0;
    m_duration = std::chrono::duration<double>(m_run->duration()).count();
    ScenarioRun* raw = m_run.get();
    m_watcher = std::thread([this, raw, generation] {
        while (!raw->wait(std::chrono::milliseconds(500))) {
        }
        QMetaObject::invokeMethod(
            this, [this, generation] { finished(generation); }, Qt::QueuedConnection);
    });
    emit runStarted();
    return {};
}

void RunController::stop() {
    if (m_run && m_running)
        m_run->stop();
}

Error RunController::setRps(const QString& ident, double rps) {
    if (!m_run || !m_running)
        return Error(std::string("state"), std::string("no run is going"));
    return m_run->setRps(ident, rps);
}

Scenario RunController::scenario() const {
    return m_run ? m_run->scenario() : Scenario{};
}

QStringList RunController::workerIdents() const {
    return m_run ? m_run->workerIdents() : QStringList{};
}

void RunController::deliver(quint64 generation, std::shared_ptr<const Snapshot> snapshot) {
    if (generation != m_generation || !snapshot)
        return;
    ++m_snapshots;
    emit snapshotArrived(std::move(snapshot));
}

void RunController::finished(quint64 generation) {
    if (generation != m_generation || !m_run)
        return;
    joinWatcher();
    m_running = false;
    m_results = m_run->results();
    if (Error failure = m_run->failure())
        emit runFailed(QString::fromStdString(failure.message()));
    emit runFinished(m_results);
}

} // namespace pusher
