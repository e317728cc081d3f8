<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Burnrate::App::DemoController</name>
    <message>
        <source>Demo fleet started (seed %1).</source>
        <translation>Demo-Flotte gestartet (Seed %1).</translation>
    </message>
    <message>
        <source>The demo fleet is running (seed %1): simulated agents send their traces to Burnrate.</source>
        <translation>Die Demo-Flotte läuft (Seed %1): Simulierte Agenten senden ihre Traces an Burnrate.</translation>
    </message>
    <message>
        <source>The demo fleet is stopped. Its data stays until you clear it.</source>
        <translation>Die Demo-Flotte ist gestoppt. Ihre Daten bleiben erhalten, bis Sie sie löschen.</translation>
    </message>
    <message>
        <source>The demo data could not be cleared: %1</source>
        <translation>Die Demo-Daten konnten nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>The demo data is cleared.</source>
        <translation>Die Demo-Daten sind gelöscht.</translation>
    </message>
</context>
<context>
    <name>Burnrate::App::Service</name>
    <message>
        <source>Listening on %1 without a token, although other machines can reach it. Set one in Settings, or with BURNRATE_OTLP_TOKEN.</source>
        <translation>Empfang auf %1 ohne Token, obwohl andere Rechner die Adresse erreichen können. Legen Sie eines in den Einstellungen oder mit BURNRATE_OTLP_TOKEN fest.</translation>
    </message>
    <message>
        <source>%1 Without the OTLP token Burnrate does not listen on %2, which other machines can reach.</source>
        <translation>%1 Ohne das OTLP-Token empfängt Burnrate nicht auf %2, da andere Rechner diese Adresse erreichen können.</translation>
    </message>
    <message>
        <source>The OTLP token could not be read, so the receiver accepts traces from this machine without one. %1</source>
        <translation>Das OTLP-Token konnte nicht gelesen werden, daher nimmt der Empfänger Traces von diesem Rechner ohne Token an. %1</translation>
    </message>
    <message>
        <source>The OTLP receiver could not be started again: %1</source>
        <translation>Der OTLP-Empfänger konnte nicht erneut gestartet werden: %1</translation>
    </message>
</context>
<context>
    <name>Burnrate::Cli</name>
    <message>
        <source>SQLite database to use (default: %1).</source>
        <translation>Zu verwendende SQLite-Datenbank (Standard: %1).</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <source>Settings file to use (default: %1/burnrate.conf).</source>
        <translation>Zu verwendende Einstellungsdatei (Standard: %1/burnrate.conf).</translation>
    </message>
    <message>
        <source>Price overrides file (default: prices.json beside the settings file).</source>
        <translation>Datei mit eigenen Preisen (Standard: prices.json neben der Einstellungsdatei).</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>the settings file %1 does not exist</source>
        <translation>die Einstellungsdatei %1 existiert nicht</translation>
    </message>
    <message>
        <source>the settings file %1 cannot be read as an INI file</source>
        <translation>die Einstellungsdatei %1 lässt sich nicht als INI-Datei lesen</translation>
    </message>
    <message>
        <source>Spend and tokens grouped by any dimension.</source>
        <translation>Ausgaben und Tokens, gruppiert nach beliebigen Dimensionen.</translation>
    </message>
    <message>
        <source>Start of the range: ISO 8601 or an age such as 24h, 7d (default 30d).</source>
        <translation>Beginn des Zeitraums: ISO 8601 oder ein Alter wie 24h, 7d (Standard 30d).</translation>
    </message>
    <message>
        <source>T</source>
        <translation>ZEIT</translation>
    </message>
    <message>
        <source>End of the range (default now).</source>
        <translation>Ende des Zeitraums (Standard now).</translation>
    </message>
    <message>
        <source>Dimensions to group by, comma-separated: %1 (default model).</source>
        <translation>Dimensionen für die Gruppierung, durch Kommas getrennt: %1 (Standard model).</translation>
    </message>
    <message>
        <source>DIM[,DIM…]</source>
        <translation>DIM[,DIM…]</translation>
    </message>
    <message>
        <source>Only events where DIM equals VALUE; repeatable.</source>
        <translation>Nur Ereignisse, bei denen DIM gleich WERT ist; wiederholbar.</translation>
    </message>
    <message>
        <source>DIM=VALUE</source>
        <translation>DIM=WERT</translation>
    </message>
    <message>
        <source>Output format: table, csv or json (default table).</source>
        <translation>Ausgabeformat: table, csv oder json (Standard table).</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;. Try &apos;burnrate report --help&apos;.</source>
        <translation>unerwartetes Argument &apos;%1&apos;. Siehe &apos;burnrate report --help&apos;.</translation>
    </message>
    <message>
        <source>--since must be earlier than --until</source>
        <translation>--since muss vor --until liegen</translation>
    </message>
    <message>
        <source>unknown dimension &apos;%1&apos; in --group-by; use one of %2</source>
        <translation>unbekannte Dimension &apos;%1&apos; in --group-by; verwenden Sie eine von %2</translation>
    </message>
    <message>
        <source>dimension &apos;%1&apos; appears twice in --group-by</source>
        <translation>Dimension &apos;%1&apos; kommt in --group-by doppelt vor</translation>
    </message>
    <message>
        <source>--filter &apos;%1&apos; is not DIM=VALUE with DIM one of %2</source>
        <translation>--filter &apos;%1&apos; hat nicht die Form DIM=WERT, wobei DIM eine von %2 ist</translation>
    </message>
    <message>
        <source>unknown format &apos;%1&apos;; use table, csv or json</source>
        <translation>unbekanntes Format &apos;%1&apos;; verwenden Sie table, csv oder json</translation>
    </message>
    <message>
        <source>there is no database at %1 yet. Start &apos;burnrate&apos; or &apos;burnrate --headless&apos; and send it OpenTelemetry data, run &apos;burnrate import&apos;, or pass --db PATH.</source>
        <translation>unter %1 gibt es noch keine Datenbank. Starten Sie &apos;burnrate&apos; oder &apos;burnrate --headless&apos; und senden Sie OpenTelemetry-Daten dorthin, führen Sie &apos;burnrate import&apos; aus oder geben Sie --db PFAD an.</translation>
    </message>
    <message>
        <source>No calls between %1 and %2.</source>
        <translation>Keine Aufrufe zwischen %1 und %2.</translation>
    </message>
    <message>
        <source>CALLS</source>
        <translation>AUFRUFE</translation>
    </message>
    <message>
        <source>INPUT</source>
        <translation>EINGABE</translation>
    </message>
    <message>
        <source>OUTPUT</source>
        <translation>AUSGABE</translation>
    </message>
    <message>
        <source>CACHE READ</source>
        <translation>CACHE-LESEN</translation>
    </message>
    <message>
        <source>CACHE WRITE</source>
        <translation>CACHE-SCHREIBEN</translation>
    </message>
    <message>
        <source>COST</source>
        <translation>KOSTEN</translation>
    </message>
    <message>
        <source>UNPRICED</source>
        <translation>OHNE PREIS</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>GESAMT</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Files to import.</source>
        <translation>Zu importierende Dateien.</translation>
    </message>
    <message>
        <source>FILE…</source>
        <translation>DATEI…</translation>
    </message>
    <message>
        <source>name at least one file to import. Try &apos;burnrate import --help&apos;.</source>
        <translation>geben Sie mindestens eine zu importierende Datei an. Siehe &apos;burnrate import --help&apos;.</translation>
    </message>
    <message numerus="yes">
        <source>%n span(s) rejected: %1</source>
        <translation>
            <numerusform>%n Span abgelehnt: %1</numerusform>
            <numerusform>%n Spans abgelehnt: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>%1: nothing more could be stored: %2</source>
        <translation>%1: es konnte nichts mehr gespeichert werden: %2</translation>
    </message>
    <message>
        <source>%1: %2 spans read, %3 calls stored, %4 already present, %5 rejected</source>
        <translation>%1: %2 Spans gelesen, %3 Aufrufe gespeichert, %4 bereits vorhanden, %5 abgelehnt</translation>
    </message>
    <message>
        <source>%1 Try &apos;burnrate %2 --help&apos;.</source>
        <translation>%1 Siehe &apos;burnrate %2 --help&apos;.</translation>
    </message>
    <message>
        <source>Stores the model calls from OTLP trace files: OTLP JSON, OTLP JSON lines (the OpenTelemetry Collector&apos;s file exporter) or binary OTLP protobuf. Importing a file twice stores nothing new.</source>
        <translation>Speichert die Modellaufrufe aus OTLP-Trace-Dateien: OTLP JSON, OTLP JSON Lines (File-Exporter des OpenTelemetry Collectors) oder binäres OTLP-Protobuf. Wird eine Datei zweimal importiert, wird nichts Neues gespeichert.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Demo::DemoSender</name>
    <message>
        <source>The receiver at %1 refused the demo traces (HTTP %2 %3).</source>
        <translation>Der Empfänger unter %1 hat die Demo-Traces abgelehnt (HTTP %2 %3).</translation>
    </message>
    <message>
        <source>The demo traces could not be sent to %1: %2</source>
        <translation>Die Demo-Traces konnten nicht an %1 gesendet werden: %2</translation>
    </message>
</context>
<context>
    <name>Burnrate::Ingest</name>
    <message>
        <source>transfer encoding &apos;%1&apos; is not supported</source>
        <translation>Transfer-Encoding &apos;%1&apos; wird nicht unterstützt</translation>
    </message>
    <message>
        <source>Content-Length &apos;%1&apos; is not a number</source>
        <translation>Content-Length &apos;%1&apos; ist keine Zahl</translation>
    </message>
    <message>
        <source>the body (%1 bytes) is larger than the limit of %2 bytes</source>
        <translation>der Body (%1 Bytes) überschreitet das Limit von %2 Bytes</translation>
    </message>
    <message>
        <source>the request headers are larger than %1 bytes</source>
        <translation>die Request-Header sind größer als %1 Bytes</translation>
    </message>
    <message>
        <source>the request line is not valid HTTP/1.x</source>
        <translation>die Request-Zeile ist kein gültiges HTTP/1.x</translation>
    </message>
    <message>
        <source>a request header is malformed</source>
        <translation>ein Request-Header ist fehlerhaft</translation>
    </message>
    <message>
        <source>a chunk size line is malformed</source>
        <translation>eine Chunk-Größenzeile ist fehlerhaft</translation>
    </message>
    <message>
        <source>the body is larger than the limit of %1 bytes</source>
        <translation>der Body überschreitet das Limit von %1 Bytes</translation>
    </message>
    <message>
        <source>a chunk is longer than its declared size</source>
        <translation>ein Chunk ist länger als seine angegebene Größe</translation>
    </message>
    <message>
        <source>cannot start decompression</source>
        <translation>die Dekomprimierung kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>the decompressed body is larger than %1 bytes</source>
        <translation>der dekomprimierte Body ist größer als %1 Bytes</translation>
    </message>
    <message>
        <source>the gzip body is damaged or truncated</source>
        <translation>der gzip-Body ist beschädigt oder abgeschnitten</translation>
    </message>
    <message>
        <source>a token count is not a whole number</source>
        <translation>eine Token-Anzahl ist keine ganze Zahl</translation>
    </message>
    <message>
        <source>a token count is negative or above 10^12</source>
        <translation>eine Token-Anzahl ist negativ oder größer als 10^12</translation>
    </message>
    <message>
        <source>langfuse.observation.usage_details is not a JSON object</source>
        <translation>langfuse.observation.usage_details ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>trace id is not 32 hex digits</source>
        <translation>die Trace-ID besteht nicht aus 32 Hex-Ziffern</translation>
    </message>
    <message>
        <source>span id is not 16 hex digits</source>
        <translation>die Span-ID besteht nicht aus 16 Hex-Ziffern</translation>
    </message>
    <message>
        <source>parent span id is not 16 hex digits</source>
        <translation>die Parent-Span-ID besteht nicht aus 16 Hex-Ziffern</translation>
    </message>
    <message>
        <source>time is not a valid nanosecond timestamp</source>
        <translation>eine Zeitangabe ist kein gültiger Nanosekunden-Zeitstempel</translation>
    </message>
    <message>
        <source>end time is before start time</source>
        <translation>die Endzeit liegt vor der Startzeit</translation>
    </message>
    <message>
        <source>nesting too deep</source>
        <translation>zu tief verschachtelt</translation>
    </message>
    <message>
        <source>unexpected end of the body</source>
        <translation>unerwartetes Ende des Bodys</translation>
    </message>
    <message>
        <source>unexpected character</source>
        <translation>unerwartetes Zeichen</translation>
    </message>
    <message>
        <source>The body is not valid JSON (%1 at offset %2).</source>
        <translation>Der Body ist kein gültiges JSON (%1 an Offset %2).</translation>
    </message>
    <message>
        <source>The body is not an OTLP trace request: %1.</source>
        <translation>Der Body ist keine OTLP-Trace-Anfrage: %1.</translation>
    </message>
    <message>
        <source>%1 must be an array</source>
        <translation>%1 muss ein Array sein</translation>
    </message>
    <message>
        <source>%1 must be an object</source>
        <translation>%1 muss ein Objekt sein</translation>
    </message>
    <message>
        <source>the JSON document is not an object</source>
        <translation>das JSON-Dokument ist kein Objekt</translation>
    </message>
    <message>
        <source>The body is not a valid protobuf OTLP trace request (%1 bytes could not be parsed).</source>
        <translation>Der Body ist keine gültige Protobuf-OTLP-Trace-Anfrage (%1 Bytes konnten nicht geparst werden).</translation>
    </message>
    <message>
        <source>cannot listen for OpenTelemetry on %1:%2: %3</source>
        <translation>OpenTelemetry kann nicht auf %1:%2 empfangen werden: %3</translation>
    </message>
    <message>
        <source>Burnrate receives traces only; send metrics and logs elsewhere</source>
        <translation>Burnrate empfängt nur Traces; senden Sie Metriken und Logs an ein anderes Ziel</translation>
    </message>
    <message>
        <source>no such endpoint; send OTLP traces to /v1/traces</source>
        <translation>diesen Endpunkt gibt es nicht; senden Sie OTLP-Traces an /v1/traces</translation>
    </message>
    <message>
        <source>use POST to send traces</source>
        <translation>senden Sie Traces mit POST</translation>
    </message>
    <message>
        <source>a valid bearer token is required (Authorization: Bearer &lt;token&gt;)</source>
        <translation>ein gültiges Bearer-Token ist erforderlich (Authorization: Bearer &lt;token&gt;)</translation>
    </message>
    <message>
        <source>content type &apos;%1&apos; is not supported; use application/json or application/x-protobuf</source>
        <translation>Content-Type &apos;%1&apos; wird nicht unterstützt; verwenden Sie application/json oder application/x-protobuf</translation>
    </message>
    <message>
        <source>Burnrate is busy writing earlier batches; retry shortly</source>
        <translation>Burnrate schreibt noch frühere Batches; versuchen Sie es gleich noch einmal</translation>
    </message>
    <message>
        <source>the batch could not be stored: %1</source>
        <translation>der Batch konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>listen address &apos;%1&apos; is not HOST:PORT (for example 127.0.0.1:4318)</source>
        <translation>die Empfangsadresse &apos;%1&apos; hat nicht die Form HOST:PORT (zum Beispiel 127.0.0.1:4318)</translation>
    </message>
    <message>
        <source>content encoding &apos;%1&apos; is not supported; use gzip, deflate or none</source>
        <translation>Content-Encoding &apos;%1&apos; wird nicht unterstützt; verwenden Sie gzip, deflate oder keines</translation>
    </message>
</context>
<context>
    <name>Burnrate::Models::SpendBreakdownModel</name>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
</context>
<context>
    <name>Burnrate::Net</name>
    <message>
        <source>Could not find %1. Check the address and your network connection.</source>
        <translation>%1 wurde nicht gefunden. Prüfen Sie die Adresse und Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>Could not connect to %1. Check the address and your network connection.</source>
        <translation>Keine Verbindung zu %1 möglich. Prüfen Sie die Adresse und Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed (%2).</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen (%2).</translation>
    </message>
    <message>
        <source>%1 did not answer in time. Try again later.</source>
        <translation>%1 hat nicht rechtzeitig geantwortet. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The connection to %1 broke off before the whole answer arrived. Try again later.</source>
        <translation>Die Verbindung zu %1 ist abgebrochen, bevor die vollständige Antwort ankam. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The answer from %1 is larger than %2 and was not read.</source>
        <translation>Die Antwort von %1 ist größer als %2 und wurde nicht gelesen.</translation>
    </message>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation>Die Anfrage an %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The request to %1 failed (%2).</source>
        <translation>Die Anfrage an %1 ist fehlgeschlagen (%2).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a web address. Enter one that starts with https://.</source>
        <translation>„%1“ ist keine Webadresse. Geben Sie eine Adresse ein, die mit https:// beginnt.</translation>
    </message>
    <message>
        <source>Refused to connect to %1 without encryption. Use an https:// address.</source>
        <translation>Die unverschlüsselte Verbindung zu %1 wurde abgelehnt. Verwenden Sie eine https://-Adresse.</translation>
    </message>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>The %1 was rejected by %2 (HTTP 401). Check that it is correct and has not been revoked.</source>
        <translation>Der %1 wurde von %2 abgelehnt (HTTP 401). Prüfen Sie, ob er stimmt und nicht widerrufen wurde.</translation>
    </message>
    <message>
        <source>The %1 lacks the permission %2 (HTTP 403). Use a key that has it.</source>
        <translation>Dem %1 fehlt die Berechtigung %2 (HTTP 403). Verwenden Sie einen Schlüssel mit dieser Berechtigung.</translation>
    </message>
    <message>
        <source>The %1 is not allowed to do this (HTTP 403): %2</source>
        <translation>Der %1 hat dafür keine Berechtigung (HTTP 403): %2</translation>
    </message>
    <message>
        <source>The %1 is not allowed to do this (HTTP 403). Check the key&apos;s permissions.</source>
        <translation>Der %1 hat dafür keine Berechtigung (HTTP 403). Prüfen Sie die Berechtigungen des Schlüssels.</translation>
    </message>
    <message>
        <source>%1 is limiting the request rate (HTTP 429). Burnrate tries again at the next poll.</source>
        <translation>%1 begrenzt die Anfragerate (HTTP 429). Burnrate versucht es bei der nächsten Abfrage erneut.</translation>
    </message>
    <message>
        <source>%1 is unavailable (HTTP 503). Burnrate tries again at the next poll.</source>
        <translation>%1 ist nicht verfügbar (HTTP 503). Burnrate versucht es bei der nächsten Abfrage erneut.</translation>
    </message>
    <message>
        <source>%1 had a server error (HTTP %2). Burnrate tries again at the next poll.</source>
        <translation>Bei %1 ist ein Serverfehler aufgetreten (HTTP %2). Burnrate versucht es bei der nächsten Abfrage erneut.</translation>
    </message>
    <message>
        <source>%1 has no %2 (HTTP 404). Check the base URL.</source>
        <translation>%2 gibt es bei %1 nicht (HTTP 404). Prüfen Sie die Basis-URL.</translation>
    </message>
    <message>
        <source>%1 rejected the request (HTTP %2).</source>
        <translation>%1 hat die Anfrage abgelehnt (HTTP %2).</translation>
    </message>
    <message>
        <source>%1 rejected the request (HTTP %2): %3</source>
        <translation>%1 hat die Anfrage abgelehnt (HTTP %2): %3</translation>
    </message>
</context>
<context>
    <name>Burnrate::Pricing</name>
    <message>
        <source>%1: entry %2: %3</source>
        <translation>%1: Eintrag %2: %3</translation>
    </message>
    <message>
        <source>%1: entry %2 (%3): %4</source>
        <translation>%1: Eintrag %2 (%3): %4</translation>
    </message>
    <message>
        <source>%1 is missing</source>
        <translation>%1 fehlt</translation>
    </message>
    <message>
        <source>%1 must be a number</source>
        <translation>%1 muss eine Zahl sein</translation>
    </message>
    <message>
        <source>%1 must not be negative</source>
        <translation>%1 darf nicht negativ sein</translation>
    </message>
    <message>
        <source>%1 is above 10000 USD per million tokens; the unit is USD per million tokens</source>
        <translation>%1 liegt über 10000 USD pro Million Tokens; die Einheit ist USD pro Million Tokens</translation>
    </message>
    <message>
        <source>%1 must be a string</source>
        <translation>%1 muss ein String sein</translation>
    </message>
    <message>
        <source>%1: not valid JSON (%2 at byte %3)</source>
        <translation>%1: kein gültiges JSON (%2 bei Byte %3)</translation>
    </message>
    <message>
        <source>%1: the top level must be a JSON object</source>
        <translation>%1: die oberste Ebene muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>%1: &quot;schema&quot; must be the number 1</source>
        <translation>%1: &quot;schema&quot; muss die Zahl 1 sein</translation>
    </message>
    <message>
        <source>%1: schema %2 is not supported; this Burnrate reads schema 1</source>
        <translation>%1: Schema %2 wird nicht unterstützt; diese Burnrate-Version liest Schema 1</translation>
    </message>
    <message>
        <source>%1: &quot;models&quot; must be an array</source>
        <translation>%1: &quot;models&quot; muss ein Array sein</translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation>muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>model must be a non-empty string</source>
        <translation>model muss ein nicht leerer String sein</translation>
    </message>
    <message>
        <source>provider must be a non-empty string</source>
        <translation>provider muss ein nicht leerer String sein</translation>
    </message>
    <message>
        <source>effective_from must be a date such as 2025-04-14</source>
        <translation>effective_from muss ein Datum wie 2025-04-14 sein</translation>
    </message>
    <message>
        <source>repeats entry %1 (same provider, model and effective_from)</source>
        <translation>wiederholt Eintrag %1 (gleiche Werte für provider, model und effective_from)</translation>
    </message>
    <message>
        <source>The built-in price table is missing.</source>
        <translation>Die eingebaute Preistabelle fehlt.</translation>
    </message>
    <message>
        <source>%1: price file not found</source>
        <translation>%1: Preisdatei nicht gefunden</translation>
    </message>
    <message>
        <source>%1: cannot read (%2)</source>
        <translation>%1: kann nicht gelesen werden (%2)</translation>
    </message>
</context>
<context>
    <name>Burnrate::Providers</name>
    <message>
        <source>%1 is missing</source>
        <translation>%1 fehlt</translation>
    </message>
    <message>
        <source>%1 is not an object</source>
        <translation>%1 ist kein Objekt</translation>
    </message>
    <message>
        <source>%1 is not a list</source>
        <translation>%1 ist keine Liste</translation>
    </message>
    <message>
        <source>%1 is not text</source>
        <translation>%1 ist kein Text</translation>
    </message>
    <message>
        <source>%1 is not true or false</source>
        <translation>%1 ist weder true noch false</translation>
    </message>
    <message>
        <source>%1 is not a whole number within range</source>
        <translation>%1 ist keine ganze Zahl im zulässigen Bereich</translation>
    </message>
    <message>
        <source>%1 is not an amount of money within range</source>
        <translation>%1 ist kein Geldbetrag im zulässigen Bereich</translation>
    </message>
    <message>
        <source>%1 is not a valid time</source>
        <translation>%1 ist keine gültige Zeitangabe</translation>
    </message>
    <message>
        <source>%1 is not after the start of its bucket</source>
        <translation>%1 liegt nicht nach dem Beginn seines Zeitintervalls</translation>
    </message>
    <message>
        <source>%1 is smaller than the cached tokens it includes</source>
        <translation>%1 ist kleiner als die darin enthaltenen zwischengespeicherten Token</translation>
    </message>
    <message>
        <source>%1 is empty although has_more is true</source>
        <translation>%1 ist leer, obwohl has_more true ist</translation>
    </message>
    <message>
        <source>the figures at %1 add up to more than can be counted</source>
        <translation>die Werte bei %1 ergeben zusammen mehr, als gezählt werden kann</translation>
    </message>
    <message>
        <source>The answer from %1 is not valid JSON (error at byte %2). Check the base URL.</source>
        <translation>Die Antwort von %1 ist kein gültiges JSON (Fehler bei Byte %2). Prüfen Sie die Basis-URL.</translation>
    </message>
    <message>
        <source>The answer from %1 is not a JSON object. Check the base URL.</source>
        <translation>Die Antwort von %1 ist kein JSON-Objekt. Prüfen Sie die Basis-URL.</translation>
    </message>
    <message>
        <source>The answer from %1 has an unexpected shape: %2. Check the base URL; if it is right, the provider may have changed its API.</source>
        <translation>Die Antwort von %1 hat eine unerwartete Form: %2. Prüfen Sie die Basis-URL; ist sie richtig, hat der Anbieter möglicherweise seine API geändert.</translation>
    </message>
    <message>
        <source>%1 reports an amount in %2. Burnrate counts only US dollars.</source>
        <translation>%1 meldet einen Betrag in %2. Burnrate rechnet nur mit US-Dollar.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Secrets</name>
    <message>
        <source>The keyring is locked. Unlock it (for example in Seahorse or by logging in to the desktop) and try again.</source>
        <translation>Der Schlüsselbund ist gesperrt. Entsperren Sie ihn (zum Beispiel in Seahorse oder durch Anmelden am Desktop) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Access to the keyring was denied. Allow Burnrate to use it and try again.</source>
        <translation>Der Zugriff auf den Schlüsselbund wurde verweigert. Erlauben Sie Burnrate den Zugriff und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The keyring could not delete the entry. Try again, or delete &quot;%1&quot; of service &quot;burnrate&quot; in Seahorse or KWallet.</source>
        <translation>Der Schlüsselbund konnte den Eintrag nicht löschen. Versuchen Sie es erneut oder löschen Sie „%1“ des Dienstes „burnrate“ in Seahorse oder KWallet.</translation>
    </message>
    <message>
        <source>No keyring is running (Secret Service). Start gnome-keyring or KWallet and try again.</source>
        <translation>Es läuft kein Schlüsselbund (Secret Service). Starten Sie gnome-keyring oder KWallet und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The keyring refused the request. It may be locked or have no default keyring: unlock or create one (for example in Seahorse) and try again.</source>
        <translation>Der Schlüsselbund hat die Anfrage abgelehnt. Er ist möglicherweise gesperrt oder es gibt keinen Standard-Schlüsselbund: Entsperren oder erstellen Sie einen (zum Beispiel in Seahorse) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Without a keyring, set the environment variable %1.</source>
        <translation>Ohne Schlüsselbund können Sie stattdessen die Umgebungsvariable %1 setzen.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Storage</name>
    <message>
        <source>No database path was given.</source>
        <translation>Es wurde kein Datenbankpfad angegeben.</translation>
    </message>
    <message>
        <source>%1 is a directory, not a database file.</source>
        <translation>%1 ist ein Verzeichnis, keine Datenbankdatei.</translation>
    </message>
    <message>
        <source>The database %1 does not exist.</source>
        <translation>Die Datenbank %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Cannot create the directory %1 for the database.</source>
        <translation>Das Verzeichnis %1 für die Datenbank kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot create %1: its directory is read-only.</source>
        <translation>%1 kann nicht angelegt werden: Das Verzeichnis ist schreibgeschützt.</translation>
    </message>
    <message>
        <source>%1 is read-only, but Burnrate needs to write to it. Check the permissions of the file and its directory, or open it read-only.</source>
        <translation>%1 ist schreibgeschützt, aber Burnrate benötigt Schreibzugriff. Prüfen Sie die Berechtigungen der Datei und ihres Verzeichnisses oder öffnen Sie die Datei schreibgeschützt.</translation>
    </message>
    <message>
        <source>%1 is a SQLite database of another program, not a Burnrate database. Use another --db.</source>
        <translation>%1 ist eine SQLite-Datenbank eines anderen Programms, keine Burnrate-Datenbank. Geben Sie mit --db eine andere Datenbank an.</translation>
    </message>
    <message>
        <source>%1 was written by a newer Burnrate (schema %2; this build understands up to %3). Upgrade Burnrate or use another --db.</source>
        <translation>%1 wurde von einer neueren Burnrate-Version geschrieben (Schema %2; dieser Build versteht bis Schema %3). Aktualisieren Sie Burnrate oder geben Sie mit --db eine andere Datenbank an.</translation>
    </message>
    <message>
        <source>%1 is empty, not a Burnrate database.</source>
        <translation>%1 ist leer und keine Burnrate-Datenbank.</translation>
    </message>
    <message>
        <source>%1 has an older schema (%2). Open it once with write access so that Burnrate can upgrade it.</source>
        <translation>%1 hat ein älteres Schema (%2). Öffnen Sie die Datenbank einmal mit Schreibzugriff, damit Burnrate sie aktualisieren kann.</translation>
    </message>
    <message>
        <source>Cannot upgrade %1 to schema %2: %3.</source>
        <translation>%1 kann nicht auf Schema %2 aktualisiert werden: %3.</translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>Die Datenbank ist nicht geöffnet.</translation>
    </message>
    <message>
        <source>The time zone is not valid.</source>
        <translation>Die Zeitzone ist ungültig.</translation>
    </message>
    <message>
        <source>The start of the report (%1) is after its end (%2).</source>
        <translation>Der Beginn des Berichts (%1) liegt nach seinem Ende (%2).</translation>
    </message>
    <message>
        <source>The report&apos;s time zone is not valid.</source>
        <translation>Die Zeitzone des Berichts ist ungültig.</translation>
    </message>
    <message>
        <source>%1 is not a Burnrate database or is damaged (%2).</source>
        <translation>%1 ist keine Burnrate-Datenbank oder ist beschädigt (%2).</translation>
    </message>
    <message>
        <source>%1 is read-only (%2). Check the permissions of the file and its directory.</source>
        <translation>%1 ist schreibgeschützt (%2). Prüfen Sie die Berechtigungen der Datei und ihres Verzeichnisses.</translation>
    </message>
    <message>
        <source>%1 is locked by another program (%2). Try again.</source>
        <translation>%1 ist von einem anderen Programm gesperrt (%2). Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Cannot read or write %1 (%2).</source>
        <translation>%1 kann nicht gelesen oder geschrieben werden (%2).</translation>
    </message>
    <message>
        <source>Database error in %1: %2.</source>
        <translation>Datenbankfehler in %1: %2.</translation>
    </message>
    <message>
        <source>The database writer is not running; nothing was stored.</source>
        <translation>Das Schreiben in die Datenbank läuft nicht; es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <source>Event %1 of the batch has no event id; nothing of the batch was stored.</source>
        <translation>Ereignis %1 des Batches hat keine Ereignis-ID; vom Batch wurde nichts gespeichert.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Time</name>
    <message>
        <source>time &apos;%1&apos; is too far back</source>
        <translation>die Zeitangabe &apos;%1&apos; liegt zu weit in der Vergangenheit</translation>
    </message>
    <message>
        <source>cannot read time &apos;%1&apos; (use ISO 8601 such as 2026-11-24 or 2026-11-24T08:00:00Z, or an age such as 24h or 7d)</source>
        <translation>die Zeitangabe &apos;%1&apos; ist nicht lesbar (verwenden Sie ISO 8601 wie 2026-11-24 oder 2026-11-24T08:00:00Z oder ein Alter wie 24h oder 7d)</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::EmptyStatePage</name>
    <message>
        <source>No model calls yet</source>
        <translation>Noch keine Modellaufrufe</translation>
    </message>
    <message>
        <source>Burnrate receives OpenTelemetry traces on &lt;b&gt;%1&lt;/b&gt;. Point your agents&apos; OTLP/HTTP exporter at it and every model call shows up here within a second, priced and attributed to its agent and feature. This page switches to the overview as soon as the first call arrives.</source>
        <translation>Burnrate empfängt OpenTelemetry-Traces unter &lt;b&gt;%1&lt;/b&gt;. Richten Sie den OTLP/HTTP-Exporter Ihrer Agenten darauf, und jeder Modellaufruf erscheint hier innerhalb einer Sekunde, mit Preis und seinem Agenten und Feature zugeordnet. Diese Seite wechselt zur Übersicht, sobald der erste Aufruf eintrifft.</translation>
    </message>
    <message>
        <source>Any OpenTelemetry SDK or Collector:</source>
        <translation>Jedes OpenTelemetry-SDK oder der Collector:</translation>
    </message>
    <message>
        <source>Or one model call from Python:</source>
        <translation>Oder ein Modellaufruf aus Python:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>No agents at hand? The demo sends a simulated fleet of agents through the same receiver, so every screen has something real to show.</source>
        <translation>Keine Agenten zur Hand? Die Demo schickt eine simulierte Agentenflotte durch denselben Empfänger, sodass jede Ansicht echte Daten zeigt.</translation>
    </message>
    <message>
        <source>Start the demo</source>
        <translation>Demo starten</translation>
    </message>
    <message>
        <source>The receiver requires its token (Settings): put it in BURNRATE_OTLP_TOKEN.</source>
        <translation>Der Empfänger verlangt sein Token (Einstellungen): Legen Sie es in BURNRATE_OTLP_TOKEN ab.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::MainWindow</name>
    <message>
        <source>Burnrate</source>
        <translation>Burnrate</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>Erkunden</translation>
    </message>
    <message>
        <source>Explore arrives in a later version: spend by any dimension (provider, model, feature, agent, user, session, task), drill-down from a total to the calls and traces behind it. Until then, `burnrate report` answers the same questions on the command line.</source>
        <translation>Erkunden kommt in einer späteren Version: Ausgaben nach jeder Dimension (Anbieter, Modell, Feature, Agent, Benutzer, Sitzung, Aufgabe), vom Gesamtbetrag bis zu den Aufrufen und Traces dahinter. Bis dahin beantwortet `burnrate report` dieselben Fragen auf der Kommandozeile.</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>Budgets arrive in a later version: limits per day, week or month for all spend or one provider, model, feature, agent or user, with alerts at 70, 100 and 120 % and a forecast of the month&apos;s end.</source>
        <translation>Budgets kommen in einer späteren Version: Grenzen pro Tag, Woche oder Monat für alle Ausgaben oder einen Anbieter, ein Modell, Feature, einen Agenten oder Benutzer, mit Warnungen bei 70, 100 und 120 % und einer Prognose für das Monatsende.</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Alerts arrive in a later version: budget thresholds, unusual spend against the last day&apos;s average, and agents stuck in a loop, each with acknowledge and snooze.</source>
        <translation>Warnungen kommen in einer späteren Version: Budgetschwellen, ungewöhnliche Ausgaben gegenüber dem Durchschnitt des letzten Tages und Agenten in einer Schleife, jeweils mit Bestätigen und Schlummern.</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Sources arrive in a later version: the health of each source of usage data. Today Burnrate receives OpenTelemetry traces on %1 and imports OTLP files with `burnrate import`.</source>
        <translation>Quellen kommen in einer späteren Version: der Zustand jeder Quelle von Nutzungsdaten. Derzeit empfängt Burnrate OpenTelemetry-Traces unter %1 und importiert OTLP-Dateien mit `burnrate import`.</translation>
    </message>
    <message>
        <source>Kill switch</source>
        <translation>Notabschaltung</translation>
    </message>
    <message>
        <source>The kill switch arrives in a later version: one click that tells every agent, or one of them, to stop before its next model call, through a document they all read.</source>
        <translation>Die Notabschaltung (Kill-Switch) kommt in einer späteren Version: ein Klick, der allen Agenten oder einem einzelnen sagt, vor dem nächsten Modellaufruf anzuhalten, über ein Dokument, das alle lesen.</translation>
    </message>
    <message>
        <source>Stop demo</source>
        <translation>Demo stoppen</translation>
    </message>
    <message>
        <source>Clear demo data</source>
        <translation>Demo-Daten löschen</translation>
    </message>
    <message>
        <source>Demo: a simulated fleet of agents is sending traces. Its spend is stored as demo data and shown with yours.</source>
        <translation>Demo: Eine simulierte Agentenflotte sendet Traces. Deren Ausgaben werden als Demo-Daten gespeichert und zusammen mit Ihren angezeigt.</translation>
    </message>
    <message>
        <source>Demo stopped. Its simulated spend is still stored and shown until you clear it.</source>
        <translation>Demo gestoppt. Die simulierten Ausgaben bleiben gespeichert und sichtbar, bis Sie sie löschen.</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>No system tray was found, so closing the window quits Burnrate.</source>
        <translation>Es wurde kein Infobereich (System-Tray) gefunden, daher beendet das Schließen des Fensters Burnrate.</translation>
    </message>
    <message>
        <source>Burnrate is still running</source>
        <translation>Burnrate läuft weiter</translation>
    </message>
    <message>
        <source>Burnrate keeps watching your spend from the tray. To quit, choose Quit in the menu of its tray icon.</source>
        <translation>Burnrate behält Ihre Ausgaben vom Infobereich aus im Blick. Zum Beenden wählen Sie „Beenden“ im Menü des Symbols im Infobereich.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::OverviewPage</name>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>This hour</source>
        <translation>Diese Stunde</translation>
    </message>
    <message>
        <source>Burn rate</source>
        <translation>Ausgaberate</translation>
    </message>
    <message>
        <source>Month to date</source>
        <translation>Monat bisher</translation>
    </message>
    <message>
        <source>Saved by caching today</source>
        <translation>Heute durch Caching gespart</translation>
    </message>
    <message>
        <source>Calls without a price today</source>
        <translation>Aufrufe ohne Preis heute</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 h</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 T</translation>
    </message>
    <message>
        <source>30 d</source>
        <translation>30 T</translation>
    </message>
    <message>
        <source>Stack by</source>
        <translation>Stapeln nach</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Feature</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>(no feature)</source>
        <translation>(kein Feature)</translation>
    </message>
    <message>
        <source>(no agent)</source>
        <translation>(kein Agent)</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 Aufruf</translation>
    </message>
    <message>
        <source>%1 calls</source>
        <translation>%1 Aufrufe</translation>
    </message>
    <message>
        <source>projected %1 by %2</source>
        <translation>Prognose %1 bis %2</translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>month and day</comment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <source>%1 tokens read from cache</source>
        <translation>%1 Tokens aus dem Cache gelesen</translation>
    </message>
    <message>
        <source>no cache reads today</source>
        <translation>heute keine Cache-Lesezugriffe</translation>
    </message>
    <message>
        <source>(no model)</source>
        <translation>(kein Modell)</translation>
    </message>
    <message>
        <source>1 model without a price</source>
        <translation>1 Modell ohne Preis</translation>
    </message>
    <message>
        <source>%1 models without a price</source>
        <translation>%1 Modelle ohne Preis</translation>
    </message>
    <message>
        <source>No price is known for:
%1

Add them to prices.json beside burnrate.conf to price these calls.</source>
        <translation>Kein Preis bekannt für:
%1

Tragen Sie sie in prices.json neben burnrate.conf ein, um diese Aufrufe zu bepreisen.</translation>
    </message>
    <message>
        <source>every call has a price</source>
        <translation>jeder Aufruf hat einen Preis</translation>
    </message>
    <message>
        <source>Spend, %1: %2</source>
        <translation>Ausgaben, %1: %2</translation>
    </message>
    <message>
        <source>Top features, %1</source>
        <translation>Teuerste Features, %1</translation>
    </message>
    <message>
        <source>Top agents, %1</source>
        <translation>Teuerste Agenten, %1</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <source>%1/h</source>
        <translation>%1/h</translation>
    </message>
    <message>
        <source>over the last 60 minutes</source>
        <translation>in den letzten 60 Minuten</translation>
    </message>
    <message>
        <source>last hour</source>
        <translation>letzte Stunde</translation>
    </message>
    <message>
        <source>last 24 hours</source>
        <translation>letzte 24 Stunden</translation>
    </message>
    <message>
        <source>last 7 days</source>
        <translation>letzte 7 Tage</translation>
    </message>
    <message>
        <source>last 30 days</source>
        <translation>letzte 30 Tage</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Receiving traces</source>
        <translation>Traces empfangen</translation>
    </message>
    <message>
        <source>Listen address:</source>
        <translation>Empfangsadresse:</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>A new random token of 32 bytes</source>
        <translation>Ein neues zufälliges Token aus 32 Bytes</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>Price overrides:</source>
        <translation>Eigene Preise:</translation>
    </message>
    <message>
        <source>Burnrate uses a new database or price file from its next start.</source>
        <translation>Eine neue Datenbank oder Preisdatei verwendet Burnrate ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Systemstandard (%1)</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>A new language takes effect when Burnrate restarts.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Burnrate.</translation>
    </message>
    <message>
        <source>Run the demo fleet</source>
        <translation>Demo-Flotte ausführen</translation>
    </message>
    <message>
        <source>Demo:</source>
        <translation>Demo:</translation>
    </message>
    <message>
        <source>Simulated agents send traces to this Burnrate. Their spend is stored as demo data, which you can clear.</source>
        <translation>Simulierte Agenten senden Traces an dieses Burnrate. Deren Ausgaben werden als Demo-Daten gespeichert, die Sie löschen können.</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Datenbankdatei</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.db);;All files (*)</source>
        <translation>SQLite-Datenbanken (*.sqlite *.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Price overrides</source>
        <translation>Eigene Preise</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Set by %1</source>
        <translation>Durch %1 festgelegt</translation>
    </message>
    <message>
        <source>%1 is set, so the receiver uses its value. Unset it to manage the token here.</source>
        <translation>%1 ist gesetzt, daher verwendet der Empfänger deren Wert. Entfernen Sie die Variable, um das Token hier zu verwalten.</translation>
    </message>
    <message>
        <source>Reading the keyring…</source>
        <translation>Schlüsselbund wird gelesen…</translation>
    </message>
    <message>
        <source>Senders add the header Authorization: Bearer &lt;token&gt;. The token is kept in the system keyring, not in burnrate.conf.</source>
        <translation>Absender senden den Header Authorization: Bearer &lt;Token&gt;. Das Token liegt im Schlüsselbund des Systems, nicht in burnrate.conf.</translation>
    </message>
    <message>
        <source>Enter the address as HOST:PORT, for example 127.0.0.1:4318, or 0.0.0.0:4318 to receive from other machines.</source>
        <translation>Geben Sie die Adresse als HOST:PORT an, zum Beispiel 127.0.0.1:4318, oder 0.0.0.0:4318, um von anderen Rechnern zu empfangen.</translation>
    </message>
    <message>
        <source>Other machines can reach this address. Set a token, so that only your senders are accepted.</source>
        <translation>Andere Rechner können diese Adresse erreichen. Legen Sie ein Token fest, damit nur Ihre Absender angenommen werden.</translation>
    </message>
    <message>
        <source>The receiver could not be changed (%1). It keeps running as before.</source>
        <translation>Der Empfänger konnte nicht geändert werden (%1). Er läuft unverändert weiter.</translation>
    </message>
    <message>
        <source>The settings could not be written to %1. Check that the file and its folder are writable.</source>
        <translation>Die Einstellungen konnten nicht in %1 geschrieben werden. Prüfen Sie, ob die Datei und ihr Ordner beschreibbar sind.</translation>
    </message>
    <message>
        <source>Saving the token in the keyring…</source>
        <translation>Das Token wird im Schlüsselbund gespeichert…</translation>
    </message>
    <message>
        <source>The token could not be saved in the keyring. %1</source>
        <translation>Das Token konnte nicht im Schlüsselbund gespeichert werden. %1</translation>
    </message>
    <message>
        <source>None: no token required</source>
        <translation>Keines: kein Token erforderlich</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::SpendChart</name>
    <message>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <source>(no model)</source>
        <translation>(kein Modell)</translation>
    </message>
    <message>
        <source>(no feature)</source>
        <translation>(kein Feature)</translation>
    </message>
    <message>
        <source>(no agent)</source>
        <translation>(kein Agent)</translation>
    </message>
    <message>
        <source>ddd d</source>
        <comment>weekday and day of month</comment>
        <translation>ddd d.</translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>month and day</comment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <source>%1
%2: %3</source>
        <translation>%1
%2: %3</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::TrayIcon</name>
    <message>
        <source>Burnrate</source>
        <translation>Burnrate</translation>
    </message>
    <message>
        <source>&amp;Open Burnrate</source>
        <translation>Burnrate ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Pause notifications</source>
        <translation>Benachrichtigungen &amp;pausieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Burnrate — %1</source>
        <translation>Burnrate — %1</translation>
    </message>
    <message>
        <source>Burnrate — today %1 · burn rate %2/h</source>
        <translation>Burnrate — heute %1 · Ausgaberate %2/h</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Where to receive OTLP/HTTP traces (default 127.0.0.1:4318, or [otlp] listen).</source>
        <translation>Adresse für den Empfang von OTLP/HTTP-Traces (Standard 127.0.0.1:4318 oder [otlp] listen).</translation>
    </message>
    <message>
        <source>HOST:PORT</source>
        <translation>HOST:PORT</translation>
    </message>
    <message>
        <source>Run without a window until SIGINT/SIGTERM.</source>
        <translation>Ohne Fenster laufen, bis SIGINT/SIGTERM eintrifft.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Version anzeigen.</translation>
    </message>
    <message>
        <source>unknown subcommand &apos;%1&apos;. Try &apos;burnrate --help&apos;.</source>
        <translation>unbekannter Unterbefehl &apos;%1&apos;. Siehe &apos;burnrate --help&apos;.</translation>
    </message>
    <message>
        <source>Run a simulated fleet of agents that sends its traces to this Burnrate (stored as demo data, which can be cleared).</source>
        <translation>Eine simulierte Agentenflotte starten, die ihre Traces an diese Burnrate-Instanz sendet (gespeichert als Demo-Daten, die sich löschen lassen).</translation>
    </message>
    <message>
        <source>Seed for the demo fleet, for repeatable runs (implies --demo).</source>
        <translation>Seed für die Demo-Flotte, für wiederholbare Läufe (impliziert --demo).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>--demo-seed needs a positive whole number, not &apos;%1&apos;</source>
        <translation>--demo-seed erwartet eine positive ganze Zahl, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Watches what LLM agents cost and stops them when they run away.

Subcommands:
  report   spend grouped by any dimension
  import   store the calls from OTLP trace files
Run &apos;burnrate &lt;subcommand&gt; --help&apos; for their options.</source>
        <translation>Überwacht, was LLM-Agenten kosten, und stoppt sie, wenn sie außer Kontrolle geraten.

Unterbefehle:
  report   Ausgaben, gruppiert nach beliebigen Dimensionen
  import   Aufrufe aus OTLP-Trace-Dateien speichern
Die Optionen zeigt &apos;burnrate &lt;Unterbefehl&gt; --help&apos;.</translation>
    </message>
</context>
</TS>
