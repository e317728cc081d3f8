// For the tests that run the burnrate executable under test (BURNRATE_EXECUTABLE, set by
// tests/CMakeLists.txt) as a user's shell would: running it to its end, a free port, a trace to send it.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTcpServer>

// One OTLP/JSON chat span: gpt-4.1, 1,000 input tokens, in November 2025.
inline const QByteArray kOneChatTrace =
    R"({"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",)"
    R"("spanId":"00000000000000a1","name":"chat","kind":3,"startTimeUnixNano":"1763900000000000000",)"
    R"("endTimeUnixNano":"1763900001500000000","attributes":[)"
    R"({"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},)"
    R"({"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},)"
    R"({"key":"gen_ai.response.model","value":{"stringValue":"gpt-4.1"}},)"
    R"({"key":"gen_ai.usage.input_tokens","value":{"intValue":1000}}]}]}]}]})";

// A loopback port that was free a moment ago (0 if none could be had).
inline quint16 freePort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

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
