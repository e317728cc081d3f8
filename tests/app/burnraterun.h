// Runs the burnrate executable under test (BURNRATE_EXECUTABLE, set by tests/CMakeLists.txt) to its end,
// as a user's shell would, for the tests of the command line.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

struct Run
{
    int exitCode = -1; // -1: it crashed or timed out
    QString out;
    QString err;
};

// With `env` as its whole environment; killed after `timeoutMs` ("timed out" on stderr).
inline Run runBurnrate(const QStringList &arguments, const QProcessEnvironment &env, int timeoutMs = 60'000)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(BURNRATE_EXECUTABLE), arguments);
    Run result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}
