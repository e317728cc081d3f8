#include "emptystatepage.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Burnrate::Widgets {

namespace {

// Environment variables for any OpenTelemetry SDK, then a complete Python program that sends one model
// call (the exporter reads the headers variable too). %1 is the endpoint; the comments are translated,
// the code is not. The token itself is never shown: the snippet reads it from the environment.
QString snippetText(const QString &endpoint, const QString &envComment, const QString &tokenComment,
                    const QString &pythonComment)
{
    const QString token =
        tokenComment.isEmpty()
            ? QString()
            : QStringLiteral(
                  "# %1\n"
                  "export "
                  "OTEL_EXPORTER_OTLP_TRACES_HEADERS=\"Authorization=Bearer%20$BURNRATE_OTLP_TOKEN\"\n")
                  .arg(tokenComment);
    return QStringLiteral(
               "# %2\n"
               "export OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=%1\n"
               "export OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf\n"
               "%4"
               "\n"
               "# %3\n"
               "# pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http\n"
               "from opentelemetry.sdk.trace import TracerProvider\n"
               "from opentelemetry.sdk.trace.export import BatchSpanProcessor\n"
               "from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter\n"
               "\n"
               "provider = TracerProvider()\n"
               "provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=\"%1\")))\n"
               "with provider.get_tracer(\"my-agent\").start_as_current_span(\"chat gpt-4.1-mini\") as "
               "span:\n"
               "    span.set_attributes({\"gen_ai.operation.name\": \"chat\", \"gen_ai.provider.name\": "
               "\"openai\",\n"
               "                         \"gen_ai.request.model\": \"gpt-4.1-mini\", \"gen_ai.agent.name\": "
               "\"my-agent\",\n"
               "                         \"gen_ai.usage.input_tokens\": 1200, "
               "\"gen_ai.usage.output_tokens\": 250,\n"
               "                         \"app.feature\": \"quickstart\"})\n"
               "provider.shutdown()\n")
        .arg(endpoint, envComment, pythonComment, token);
}

} // namespace

EmptyStatePage::EmptyStatePage(const QString &endpoint, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("emptyState"));
    auto *outer = new QHBoxLayout(this);
    auto *column = new QVBoxLayout;
    column->setSpacing(12);
    outer->addStretch(1);
    outer->addLayout(column, 8);
    outer->addStretch(1);

    auto *title = new QLabel(tr("No model calls yet"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);

    m_intro = new QLabel(this);
    m_intro->setObjectName(QStringLiteral("intro"));
    m_intro->setWordWrap(true);
    m_intro->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_snippet = new QPlainTextEdit(this);
    m_snippet->setObjectName(QStringLiteral("snippet"));
    m_snippet->setReadOnly(true);
    m_snippet->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_snippet->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setEndpoint(endpoint, false);

    m_copy = new QPushButton(tr("Copy"), this);
    m_copy->setObjectName(QStringLiteral("copySnippet"));
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_snippet->toPlainText());
        m_copy->setText(tr("Copied"));
        QTimer::singleShot(1500, m_copy, [this] { m_copy->setText(tr("Copy")); });
    });

    m_demoText = new QLabel(tr("No agents at hand? The demo sends a simulated fleet of agents through "
                               "the same receiver, so every screen has something real to show."),
                            this);
    m_demoText->setWordWrap(true);
    m_demo = new QPushButton(tr("Start the demo"), this);
    m_demo->setObjectName(QStringLiteral("startDemo"));
    connect(m_demo, &QPushButton::clicked, this, &EmptyStatePage::demoRequested);

    auto *copyRow = new QHBoxLayout;
    copyRow->addStretch(1);
    copyRow->addWidget(m_copy);
    auto *demoRow = new QHBoxLayout;
    demoRow->addWidget(m_demoText, 1);
    demoRow->addWidget(m_demo);

    column->addStretch(1);
    column->addWidget(title);
    column->addWidget(m_intro);
    column->addWidget(m_snippet);
    column->addLayout(copyRow);
    column->addSpacing(8);
    column->addLayout(demoRow);
    column->addStretch(2);
}

void EmptyStatePage::setEndpoint(const QString &endpoint, bool tokenRequired)
{
    m_intro->setText(
        tr("Burnrate receives OpenTelemetry traces on <b>%1</b>. Point your agents' OTLP/HTTP exporter at it "
           "and every model call shows up here within a second, priced and attributed to its agent and "
           "feature. This page switches to the overview as soon as the first call arrives.")
            .arg(endpoint.toHtmlEscaped()));
    m_snippet->setPlainText(snippetText(
        endpoint, tr("Any OpenTelemetry SDK or Collector:"),
        tokenRequired ? tr("The receiver requires its token (Settings): put it in BURNRATE_OTLP_TOKEN.")
                      : QString(),
        tr("Or one model call from Python:")));
    const int lines = m_snippet->document()->blockCount();
    m_snippet->setMinimumHeight(m_snippet->fontMetrics().lineSpacing() * (lines + 1) +
                                2 * m_snippet->frameWidth() + 8);
}

void EmptyStatePage::setDemoAvailable(bool available)
{
    m_demo->setVisible(available);
    m_demoText->setVisible(available);
}

QString EmptyStatePage::snippet() const
{
    return m_snippet->toPlainText();
}

} // namespace Burnrate::Widgets
