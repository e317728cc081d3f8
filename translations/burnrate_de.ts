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
    <message>
        <source>Budgets and alerts are off: %1</source>
        <translation>Budgets und Warnungen sind aus: %1</translation>
    </message>
    <message>
        <source>Kill-switch changes are not audited: %1</source>
        <translation>Änderungen am Notschalter werden nicht protokolliert: %1</translation>
    </message>
    <message>
        <source>The kill switch is off: %1</source>
        <translation>Der Notschalter ist aus: %1</translation>
    </message>
    <message>
        <source>[alerts] loop_kill_action: %1 Loop alarms ask for nothing.</source>
        <translation>[alerts] loop_kill_action: %1 Schleifenalarme fordern nichts an.</translation>
    </message>
</context>
<context>
    <name>Burnrate::BudgetCli</name>
    <message>
        <source>unknown format &apos;%1&apos;; use table or json</source>
        <translation>unbekanntes Format „%1“; verwenden Sie table oder json</translation>
    </message>
    <message>
        <source>The budgets with what they have spent in the current period, the percentage of the limit, the projection to the period&apos;s end and the tiers that have fired.</source>
        <translation>Die Budgets mit ihren Ausgaben im aktuellen Zeitraum, dem Anteil am Limit, der Prognose zum Ende des Zeitraums und den ausgelösten Stufen.</translation>
    </message>
    <message>
        <source>Output format: table or json (default table).</source>
        <translation>Ausgabeformat: table oder json (Standard table).</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>under all tiers</source>
        <translation>unter allen Stufen</translation>
    </message>
    <message>
        <source>fired: %1</source>
        <translation>ausgelöst: %1</translation>
    </message>
    <message>
        <source>No budgets yet. Add one with &apos;burnrate budget add --name NAME --limit USD --period day|week|month&apos;.</source>
        <translation>Noch keine Budgets. Legen Sie eines mit „burnrate budget add --name NAME --limit USD --period day|week|month“ an.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>SCOPE</source>
        <translation>BEREICH</translation>
    </message>
    <message>
        <source>PERIOD</source>
        <translation>ZEITRAUM</translation>
    </message>
    <message>
        <source>LIMIT</source>
        <translation>LIMIT</translation>
    </message>
    <message>
        <source>SPENT</source>
        <translation>AUSGABEN</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>PROJECTED</source>
        <translation>PROGNOSE</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>Adds a budget. Its tiers alert once per period each.</source>
        <translation>Legt ein Budget an. Jede Stufe warnt einmal pro Zeitraum.</translation>
    </message>
    <message>
        <source>The budget&apos;s name (unique).</source>
        <translation>Der Name des Budgets (eindeutig).</translation>
    </message>
    <message>
        <source>The limit in US dollars, e.g. 25 or 12.50.</source>
        <translation>Das Limit in US-Dollar, z. B. 25 oder 12.50.</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <source>The calendar period: day, week or month.</source>
        <translation>Der Kalenderzeitraum: day, week oder month.</translation>
    </message>
    <message>
        <source>Only spend where DIM (provider, model, feature, agent or user) equals VALUE (default: all spend).</source>
        <translation>Nur Ausgaben, bei denen DIM (provider, model, feature, agent oder user) gleich WERT ist (Standard: alle Ausgaben).</translation>
    </message>
    <message>
        <source>DIM=VALUE</source>
        <translation>DIM=WERT</translation>
    </message>
    <message>
        <source>Alert tiers in percent of the limit (default 70,100,120).</source>
        <translation>Warnstufen in Prozent des Limits (Standard 70,100,120).</translation>
    </message>
    <message>
        <source>LIST</source>
        <translation>LISTE</translation>
    </message>
    <message>
        <source>Time zone of the calendar periods (default: local).</source>
        <translation>Zeitzone der Kalenderzeiträume (Standard: lokal).</translation>
    </message>
    <message>
        <source>ZONE</source>
        <translation>ZONE</translation>
    </message>
    <message>
        <source>Also post this budget&apos;s alerts to a Slack-compatible webhook (https, or http to this machine).</source>
        <translation>Die Warnungen dieses Budgets auch an einen Slack-kompatiblen Webhook senden (https, oder http an diesen Rechner).</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Also alert when the projection to the period&apos;s end reaches the limit.</source>
        <translation>Auch warnen, wenn die Prognose zum Ende des Zeitraums das Limit erreicht.</translation>
    </message>
    <message>
        <source>--%1 is required</source>
        <translation>--%1 fehlt</translation>
    </message>
    <message>
        <source>Removes a budget. Its past alerts stay in the history.</source>
        <translation>Entfernt ein Budget. Seine bisherigen Warnungen bleiben im Verlauf.</translation>
    </message>
    <message>
        <source>The budget to remove.</source>
        <translation>Das zu entfernende Budget.</translation>
    </message>
    <message>
        <source>give the name of one budget</source>
        <translation>geben Sie den Namen genau eines Budgets an</translation>
    </message>
    <message>
        <source>There is no budget named &apos;%1&apos;. &apos;burnrate budget list&apos; shows them.</source>
        <translation>Es gibt kein Budget namens „%1“. „burnrate budget list“ zeigt die vorhandenen.</translation>
    </message>
    <message>
        <source>Removed budget &apos;%1&apos;.</source>
        <translation>Budget „%1“ entfernt.</translation>
    </message>
    <message>
        <source>Usage: burnrate budget list|add|remove [options]

  list     the budgets, what they spent and their tier state
  add      add a budget (--name, --limit, --period, --scope, --tiers, --tz, --webhook)
  remove   remove a budget by name
Run &apos;burnrate budget &lt;action&gt; --help&apos; for the options.
</source>
        <translation>Aufruf: burnrate budget list|add|remove [Optionen]

  list     die Budgets, ihre Ausgaben und der Stand ihrer Stufen
  add      ein Budget anlegen (--name, --limit, --period, --scope, --tiers, --tz, --webhook)
  remove   ein Budget über seinen Namen entfernen
Die Optionen zeigt „burnrate budget &lt;Aktion&gt; --help“.
</translation>
    </message>
    <message>
        <source>say what to do: list, add or remove. Try &apos;burnrate budget --help&apos;.</source>
        <translation>sagen Sie, was zu tun ist: list, add oder remove. Siehe „burnrate budget --help“.</translation>
    </message>
    <message>
        <source>unknown action &apos;%1&apos;; use list, add or remove</source>
        <translation>unbekannte Aktion „%1“; verwenden Sie list, add oder remove</translation>
    </message>
    <message>
        <source>The alert history: budget tiers, forecasts and spend anomalies, oldest first.</source>
        <translation>Der Warnungsverlauf: Budgetstufen, Prognosen und Ausgabenanomalien, älteste zuerst.</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>No alerts since %1.</source>
        <translation>Keine Warnungen seit %1.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>FIRED</source>
        <translation>AUSGELÖST</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>ART</translation>
    </message>
    <message>
        <source>ACK</source>
        <translation>BEST.</translation>
    </message>
    <message>
        <source>MESSAGE</source>
        <translation>MELDUNG</translation>
    </message>
    <message>
        <source>KILL</source>
        <translation>ABSCHALTEN</translation>
    </message>
    <message>
        <source>What the kill switch does when the escalation tier (120 %) fires: none (default), observe (record what it would stop) or enforce (stop the budget&apos;s agent, or all agents for an all-spend budget).</source>
        <translation>Was der Notschalter tut, wenn die Eskalationsstufe (120 %) auslöst: none (Standard, nichts), observe (festhalten, was er stoppen würde) oder enforce (den Agenten des Budgets stoppen, bei einem Budget für alle Ausgaben alle Agenten).</translation>
    </message>
    <message>
        <source>ACTION</source>
        <translation>AKTION</translation>
    </message>
    <message>
        <source>at %1 %, not alerted yet</source>
        <translation>bei %1 %, noch nicht gemeldet</translation>
    </message>
    <message>
        <source>%1 per day</source>
        <translation>%1 pro Tag</translation>
    </message>
    <message>
        <source>%1 per week</source>
        <translation>%1 pro Woche</translation>
    </message>
    <message>
        <source>%1 per month</source>
        <translation>%1 pro Monat</translation>
    </message>
    <message>
        <source>Added budget &apos;%1&apos; (%2): %3, alerts at %4 %.</source>
        <translation>Budget „%1“ angelegt (%2): %3, Warnungen bei %4 %.</translation>
    </message>
    <message>
        <source>Only alerts from then on (default 7d), one of: %1.</source>
        <translation>Nur Warnungen ab diesem Zeitpunkt (Standard 7d), eine dieser Formen: %1.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Budgets</name>
    <message>
        <source>Unknown period &apos;%1&apos;. Use day, week or month.</source>
        <translation>Unbekannter Zeitraum &apos;%1&apos;. Verwenden Sie day, week oder month.</translation>
    </message>
    <message>
        <source>Cannot read the scope &apos;%1&apos;. Use all, or DIM=VALUE where DIM is provider, model, feature, agent or user.</source>
        <translation>Der Geltungsbereich &apos;%1&apos; ist nicht lesbar. Verwenden Sie all oder DIM=WERT, wobei DIM provider, model, feature, agent oder user ist.</translation>
    </message>
    <message>
        <source>The scope &apos;%1&apos; has no value after &apos;=&apos;.</source>
        <translation>Im Geltungsbereich &apos;%1&apos; fehlt der Wert nach &apos;=&apos;.</translation>
    </message>
    <message>
        <source>Cannot read the tiers &apos;%1&apos;. Give whole percentages such as 70,100,120.</source>
        <translation>Die Stufen &apos;%1&apos; sind nicht lesbar. Geben Sie ganze Prozentwerte an, etwa 70,100,120.</translation>
    </message>
    <message>
        <source>Unknown time zone &apos;%1&apos;. Use an IANA name such as Europe/Berlin, UTC or local.</source>
        <translation>Unbekannte Zeitzone &apos;%1&apos;. Verwenden Sie einen IANA-Namen wie Europe/Berlin, UTC oder local.</translation>
    </message>
    <message>
        <source>Cannot read the limit &apos;%1&apos;. Give US dollars such as 25 or 12.50.</source>
        <translation>Das Limit &apos;%1&apos; ist nicht lesbar. Geben Sie US-Dollar an, etwa 25 oder 12.50.</translation>
    </message>
    <message>
        <source>The limit must be more than $0.</source>
        <translation>Das Limit muss größer als $0 sein.</translation>
    </message>
    <message>
        <source>A budget needs at least one tier.</source>
        <translation>Ein Budget braucht mindestens eine Stufe.</translation>
    </message>
    <message>
        <source>The tier %1 % is out of range. Tiers are between %2 and %3 %.</source>
        <translation>Die Stufe %1 % liegt außerhalb des zulässigen Bereichs. Stufen liegen zwischen %2 und %3 %.</translation>
    </message>
    <message>
        <source>The tiers must be in ascending order without repeats.</source>
        <translation>Die Stufen müssen aufsteigend und ohne Wiederholung angegeben werden.</translation>
    </message>
    <message>
        <source>The budget needs a name.</source>
        <translation>Das Budget braucht einen Namen.</translation>
    </message>
    <message>
        <source>The scope %1 needs a value.</source>
        <translation>Der Geltungsbereich %1 braucht einen Wert.</translation>
    </message>
    <message>
        <source>The budget&apos;s time zone is not valid.</source>
        <translation>Die Zeitzone des Budgets ist ungültig.</translation>
    </message>
    <message>
        <source>The saved state of a budget is damaged (field %1).</source>
        <translation>Der gespeicherte Zustand eines Budgets ist beschädigt (Feld %1).</translation>
    </message>
    <message>
        <source>The stored budget &apos;%1&apos; is damaged. Remove it and add it again.</source>
        <translation>Das gespeicherte Budget „%1“ ist beschädigt. Entfernen Sie es und legen Sie es neu an.</translation>
    </message>
    <message>
        <source>A budget named &apos;%1&apos; exists already. Choose another name, or remove it first.</source>
        <translation>Ein Budget namens „%1“ gibt es bereits. Wählen Sie einen anderen Namen oder entfernen Sie es zuerst.</translation>
    </message>
    <message>
        <source>There is no budget named &apos;%1&apos;. &apos;burnrate budget list&apos; shows them.</source>
        <translation>Es gibt kein Budget namens „%1“. „burnrate budget list“ zeigt die vorhandenen.</translation>
    </message>
    <message>
        <source>There is no alert number %1.</source>
        <translation>Es gibt keine Warnung Nummer %1.</translation>
    </message>
    <message>
        <source>A budget named &apos;%1&apos; exists already. Choose another name.</source>
        <translation>Ein Budget namens „%1“ gibt es schon. Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The budget &apos;%1&apos; no longer exists.</source>
        <translation>Das Budget „%1“ gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>Unknown kill action &apos;%1&apos;. Use none, observe or enforce.</source>
        <translation>Unbekannte Abschaltaktion „%1“. Erlaubt sind none, observe oder enforce.</translation>
    </message>
    <message>
        <source>Cannot read the spend for the alerts: %1.</source>
        <translation>Die Ausgaben für die Warnungen können nicht gelesen werden: %1.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Budgets::BudgetMonitor</name>
    <message>
        <source>Cannot read the spend for the alerts: %1.</source>
        <translation>Die Ausgaben für die Warnungen können nicht gelesen werden: %1.</translation>
    </message>
    <message>
        <source>Budget &apos;%1&apos; reached %2 % of its limit: %3 of %4 spent.</source>
        <translation>Budget „%1“ hat %2 % seines Limits erreicht: %3 von %4 ausgegeben.</translation>
    </message>
    <message>
        <source>Budget &apos;%1&apos; is back under %2 % of its limit: %3 of %4 spent.</source>
        <translation>Budget „%1“ liegt wieder unter %2 % seines Limits: %3 von %4 ausgegeben.</translation>
    </message>
    <message>
        <source>Budget &apos;%1&apos; is on track to exceed its limit of %2 by %3 (projected %4).</source>
        <translation>Budget „%1“ überschreitet voraussichtlich bis %3 sein Limit von %2 (Prognose %4).</translation>
    </message>
    <message>
        <source> Top: agent %1, model %2, feature %3.</source>
        <translation> Größter Anteil: Agent %1, Modell %2, Feature %3.</translation>
    </message>
    <message>
        <source>Unusual spend for %1: %2 in the last hour, %3 times the usual %4 per hour.</source>
        <translation>Ungewöhnliche Ausgaben für %1: %2 in der letzten Stunde, das %3-Fache der üblichen %4 pro Stunde.</translation>
    </message>
    <message>
        <source>Unusual spend for %1: %2 in the last hour, after nothing in the day before.</source>
        <translation>Ungewöhnliche Ausgaben für %1: %2 in der letzten Stunde, nach keinen Ausgaben am Tag davor.</translation>
    </message>
    <message>
        <source>The webhook at %1 was not called: there is no HTTP client.</source>
        <translation>Der Webhook bei %1 wurde nicht aufgerufen: Es gibt keinen HTTP-Client.</translation>
    </message>
    <message>
        <source>webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>it answered HTTP %1</source>
        <translation>er antwortete mit HTTP %1</translation>
    </message>
    <message>
        <source>The webhook at %1 failed after %2 attempts: %3</source>
        <translation>Der Webhook bei %1 ist nach %2 Versuchen fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>no session</source>
        <translation>keine Sitzung</translation>
    </message>
    <message>
        <source>Agent %1 looks stuck in a loop (session %2): %3 of its last %4 tool calls were %5. Traces: %6.</source>
        <translation>Agent %1 scheint in einer Schleife festzustecken (Sitzung %2): %3 seiner letzten %4 Tool-Aufrufe waren %5. Traces: %6.</translation>
    </message>
    <message>
        <source>Agent %1 looks stuck in a loop (session %2): %3 near-identical calls to %4 in quick succession. Traces: %5.</source>
        <translation>Agent %1 scheint in einer Schleife festzustecken (Sitzung %2): %3 fast gleiche Aufrufe von %4 kurz hintereinander. Traces: %5.</translation>
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
        <source>T</source>
        <translation>ZEIT</translation>
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
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>ohne Preis</translation>
    </message>
    <message>
        <source>uninstrumented</source>
        <translation>nicht instrumentiert</translation>
    </message>
    <message>
        <source>price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>not final</source>
        <translation>nicht endgültig</translation>
    </message>
    <message>
        <source>not billed</source>
        <translation>nicht abgerechnet</translation>
    </message>
    <message>
        <source>Spend and tokens grouped by any dimension: measured (telemetry), billed (the providers&apos; cost reports) or both side by side.</source>
        <translation>Ausgaben und Tokens, gruppiert nach beliebigen Dimensionen: gemessen (Telemetrie), abgerechnet (Kostenberichte der Anbieter) oder beides nebeneinander.</translation>
    </message>
    <message>
        <source>Dimensions to group by, comma-separated: %1 (default model; with --billed provider,model).</source>
        <translation>Dimensionen für die Gruppierung, durch Kommas getrennt: %1 (Standard model; mit --billed provider,model).</translation>
    </message>
    <message>
        <source>Billed spend from the providers&apos; cost and usage reports, by provider, model, project and day (UTC days).</source>
        <translation>Abgerechnete Ausgaben aus den Kosten- und Nutzungsberichten der Anbieter, nach provider, model, project und day (UTC-Tage).</translation>
    </message>
    <message>
        <source>Billed beside measured spend per UTC day, provider and model, with the difference and its likely causes.</source>
        <translation>Abgerechnete neben gemessenen Ausgaben je UTC-Tag, Anbieter und Modell, mit der Differenz und ihren wahrscheinlichen Ursachen.</translation>
    </message>
    <message>
        <source>--billed and --reconcile are different reports; choose one</source>
        <translation>--billed und --reconcile sind verschiedene Berichte; wählen Sie einen</translation>
    </message>
    <message>
        <source>--reconcile always groups by day, provider and model; leave out --group-by</source>
        <translation>--reconcile gruppiert immer nach Tag, Anbieter und Modell; lassen Sie --group-by weg</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a dimension of billed spend; with --billed use provider, model, project or day</source>
        <translation>&apos;%1&apos; ist keine Dimension abgerechneter Ausgaben; verwenden Sie mit --billed provider, model, project oder day</translation>
    </message>
    <message>
        <source>project is a dimension of billed spend; use --billed</source>
        <translation>project ist eine Dimension abgerechneter Ausgaben; verwenden Sie --billed</translation>
    </message>
    <message>
        <source>REQUESTS</source>
        <translation>ANFRAGEN</translation>
    </message>
    <message>
        <source>No billed spend between %1 and %2. Billed spend comes from the providers&apos; admin APIs (Sources).</source>
        <translation>Keine abgerechneten Ausgaben zwischen %1 und %2. Abgerechnete Ausgaben stammen aus den Admin-APIs der Anbieter (Quellen).</translation>
    </message>
    <message>
        <source>BILLED</source>
        <translation>ABGERECHNET</translation>
    </message>
    <message>
        <source>MEASURED</source>
        <translation>GEMESSEN</translation>
    </message>
    <message>
        <source>DIFFERENCE</source>
        <translation>DIFFERENZ</translation>
    </message>
    <message>
        <source>BILLED REQUESTS</source>
        <translation>ABGER. ANFRAGEN</translation>
    </message>
    <message>
        <source>CAUSES</source>
        <translation>URSACHEN</translation>
    </message>
    <message>
        <source>No billed or measured spend between %1 and %2.</source>
        <translation>Keine abgerechneten oder gemessenen Ausgaben zwischen %1 und %2.</translation>
    </message>
    <message>
        <source>No billed spend between %1 and %2 to compare with: billed spend comes from the providers&apos; admin APIs (Sources). `burnrate report` shows the measured spend.</source>
        <translation>Keine abgerechneten Ausgaben zwischen %1 und %2 zum Vergleich: Abgerechnete Ausgaben kommen aus den Admin-APIs der Anbieter (Quellen). `burnrate report` zeigt die gemessenen Ausgaben.</translation>
    </message>
    <message>
        <source>, 1 part unreadable</source>
        <translation>, 1 Teil unlesbar</translation>
    </message>
    <message>
        <source>, %1 parts unreadable</source>
        <translation>, %1 Teile unlesbar</translation>
    </message>
    <message>
        <source>%1: no OTLP spans in this file; is it an OTLP trace export (JSON, JSON lines or protobuf)?</source>
        <translation>%1: keine OTLP-Spans in dieser Datei; ist sie ein OTLP-Trace-Export (JSON, JSON Lines oder Protobuf)?</translation>
    </message>
    <message>
        <source>now; today or yesterday (local midnight); an age: minutes (90m or 90min), hours (24h), days (7d) or weeks (2w); or ISO 8601: a date (2026-11-24, local midnight), a local time (2026-11-24T08:00, seconds optional) or a time with its offset (2026-11-24T08:00:00Z, 2026-11-24T08:00:00+01:00)</source>
        <translation>now (jetzt); today oder yesterday (heute oder gestern, Mitternacht Ortszeit); ein Alter: Minuten (90m oder 90min), Stunden (24h), Tage (7d) oder Wochen (2w); oder ISO 8601: ein Datum (2026-11-24, Mitternacht Ortszeit), eine Ortszeit (2026-11-24T08:00, Sekunden optional) oder eine Zeit mit Zeitzonenversatz (2026-11-24T08:00:00Z, 2026-11-24T08:00:00+01:00)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln unpriced</source>
        <translation>
            <numerusform>%Ln ohne Preis</numerusform>
            <numerusform>%Ln ohne Preis</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 + %Ln unpriced</source>
        <translation>
            <numerusform>%1 + %Ln ohne Preis</numerusform>
            <numerusform>%1 + %Ln ohne Preis</numerusform>
        </translation>
    </message>
    <message>
        <source>Unpriced calls are counted but not in the cost: their model has no known price. A price added to prices.json (README, Prices) applies to the calls stored from then on.</source>
        <translation>Aufrufe ohne Preis werden gezählt, sind aber nicht in den Kosten enthalten: Für ihr Modell ist kein Preis bekannt. Ein in prices.json ergänzter Preis (README, Prices) gilt für alle danach gespeicherten Aufrufe.</translation>
    </message>
    <message>
        <source>Start of the range (default 30d), one of: %1.</source>
        <translation>Beginn des Zeitraums (Standard 30d), eine dieser Formen: %1.</translation>
    </message>
    <message>
        <source>End of the range (default now), in the same forms as --since.</source>
        <translation>Ende des Zeitraums (Standard now), in denselben Formen wie --since.</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>--limit needs a whole number of groups from 1, not &apos;%1&apos;</source>
        <translation>--limit braucht eine ganze Zahl von Gruppen ab 1, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--limit applies to measured spend only; leave it out with --billed and --reconcile</source>
        <translation>--limit gilt nur für gemessene Ausgaben; mit --billed und --reconcile weglassen</translation>
    </message>
    <message>
        <source>OTHER GROUPS</source>
        <translation>WEITERE GRUPPEN</translation>
    </message>
    <message>
        <source>OTHER OF ALL</source>
        <translation>REST ALLER WERTE</translation>
    </message>
    <message>
        <source>(1 other group)</source>
        <translation>(1 weitere Gruppe)</translation>
    </message>
    <message>
        <source>(%1 other groups)</source>
        <translation>(%1 weitere Gruppen)</translation>
    </message>
    <message>
        <source>Only the N groups with the highest cost, then the rest summed: per value of the first dimension (each value when it has at most N or is day or hour, else those of the N groups), the rest of it in a last row. Measured spend only.</source>
        <translation>Nur die N Gruppen mit den höchsten Kosten, danach der Rest summiert: je Wert der ersten Dimension (jeder Wert, wenn sie höchstens N Werte hat oder Tag oder Stunde ist, sonst die Werte der N Gruppen), was übrig bleibt in einer letzten Zeile. Nur gemessene Ausgaben.</translation>
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
    <name>Burnrate::KillCli</name>
    <message>
        <source>ON: every agent is told to stop.</source>
        <translation>AN: Alle Agenten sollen anhalten.</translation>
    </message>
    <message>
        <source>OFF for all, but these agents are told to stop: %1</source>
        <translation>AUS für alle, aber diese Agenten sollen anhalten: %1</translation>
    </message>
    <message>
        <source>OFF: agents run.</source>
        <translation>AUS: Die Agenten laufen.</translation>
    </message>
    <message>
        <source>the kill switch&apos;s state is unknown: %1</source>
        <translation>der Zustand des Notschalters ist unbekannt: %1</translation>
    </message>
    <message>
        <source>Kill switch: %1</source>
        <translation>Notschalter: %1</translation>
    </message>
    <message>
        <source>Never changed: the store holds no kill-switch document yet.</source>
        <translation>Nie geändert: Der Speicher enthält noch kein Notschalter-Dokument.</translation>
    </message>
    <message>
        <source>Version %1, changed %2 by %3.</source>
        <translation>Version %1, geändert %2 von %3.</translation>
    </message>
    <message>
        <source>(unknown time)</source>
        <translation>(Zeit unbekannt)</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Store: %1, read at %2.</source>
        <translation>Speicher: %1, gelesen um %2.</translation>
    </message>
    <message>
        <source>warning: this change is not audited: %1</source>
        <translation>Warnung: Diese Änderung wird nicht protokolliert: %1</translation>
    </message>
    <message>
        <source>Confirmed by %1 at version %2.</source>
        <translation>Bestätigt von %1 mit Version %2.</translation>
    </message>
    <message>
        <source>The remote kill switch ([killswitch] in burnrate.conf).

  status   show what the store holds (--format table or json)
  on       stop every agent, or one with --agent ID
  off      resume every agent, or one with --agent ID

Exits 0 only when the store confirmed the change.</source>
        <translation>Der entfernte Notschalter ([killswitch] in burnrate.conf).

  status   zeigen, was der Speicher enthält (--format table oder json)
  on       alle Agenten anhalten, oder einen mit --agent ID
  off      alle Agenten fortsetzen, oder einen mit --agent ID

Endet nur dann mit 0, wenn der Speicher die Änderung bestätigt hat.</translation>
    </message>
    <message>
        <source>Stop or resume only this agent.</source>
        <translation>Nur diesen Agenten anhalten oder fortsetzen.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Why, for the document and the audit trail.</source>
        <translation>Der Grund, für das Dokument und das Änderungsprotokoll.</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>status output: table or json (default table).</source>
        <translation>Ausgabe von status: table oder json (Standard table).</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>status, on or off</source>
        <translation>status, on oder off</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;. Try &apos;burnrate kill --help&apos;.</source>
        <translation>unerwartetes Argument &apos;%1&apos;. Siehe &apos;burnrate kill --help&apos;.</translation>
    </message>
    <message>
        <source>say status, on or off. Try &apos;burnrate kill --help&apos;.</source>
        <translation>geben Sie status, on oder off an. Siehe &apos;burnrate kill --help&apos;.</translation>
    </message>
    <message>
        <source>--agent and --reason are for &apos;on&apos; and &apos;off&apos;.</source>
        <translation>--agent und --reason gelten nur für &apos;on&apos; und &apos;off&apos;.</translation>
    </message>
    <message>
        <source>unknown format &apos;%1&apos;; use table or json</source>
        <translation>unbekanntes Format „%1“; verwenden Sie table oder json</translation>
    </message>
    <message>
        <source>--format is for &apos;status&apos;.</source>
        <translation>--format gilt nur für &apos;status&apos;.</translation>
    </message>
    <message>
        <source>--agent needs an agent id.</source>
        <translation>--agent braucht die ID eines Agenten.</translation>
    </message>
</context>
<context>
    <name>Burnrate::KillSwitch</name>
    <message>
        <source>etcd at %1 sent an answer that is not JSON.</source>
        <translation>etcd unter %1 hat eine Antwort gesendet, die kein JSON ist.</translation>
    </message>
    <message>
        <source>The kill switch in etcd key %1 cannot be used: %2</source>
        <translation>Der Notschalter im etcd-Schlüssel %1 ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>Someone else changed the kill switch in etcd key %1 at the same time.</source>
        <translation>Jemand anderes hat den Notschalter im etcd-Schlüssel %1 gleichzeitig geändert.</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>HTTP-Status %1</translation>
    </message>
    <message>
        <source>etcd at %1 refused the login of user &quot;%2&quot; (%3). Check [killswitch] user and BURNRATE_KILLSWITCH_PASSWORD or the password in the keychain.</source>
        <translation>etcd unter %1 hat die Anmeldung von Benutzer „%2“ abgelehnt (%3). Prüfen Sie [killswitch] user und BURNRATE_KILLSWITCH_PASSWORD oder das Passwort im Schlüsselbund.</translation>
    </message>
    <message>
        <source>The kill-switch store (etcd at %1) cannot be reached: %2</source>
        <translation>Der Speicher des Notschalters (etcd unter %1) ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>etcd at %1 requires a login (%2). Set [killswitch] user and the password in BURNRATE_KILLSWITCH_PASSWORD or the keychain.</source>
        <translation>etcd unter %1 verlangt eine Anmeldung (%2). Setzen Sie [killswitch] user und das Passwort in BURNRATE_KILLSWITCH_PASSWORD oder im Schlüsselbund.</translation>
    </message>
    <message>
        <source>etcd at %1 refused access to key %2 for user &quot;%3&quot; (%4).</source>
        <translation>etcd unter %1 hat dem Benutzer „%3“ den Zugriff auf den Schlüssel %2 verweigert (%4).</translation>
    </message>
    <message>
        <source>etcd at %1 refused the request (%2).</source>
        <translation>etcd unter %1 hat die Anfrage abgelehnt (%2).</translation>
    </message>
    <message>
        <source>The kill switch at %1 cannot be used: %2</source>
        <translation>Der Notschalter unter %1 ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>The server at %1 sends a weak ETag, so Burnrate cannot change the kill switch without risking someone else&apos;s change. Configure the server to send strong ETags.</source>
        <translation>Der Server unter %1 sendet ein schwaches ETag; daher kann Burnrate den Notschalter nicht ändern, ohne die Änderung eines anderen zu gefährden. Richten Sie den Server so ein, dass er starke ETags sendet.</translation>
    </message>
    <message>
        <source>Someone else changed the kill switch at %1 at the same time.</source>
        <translation>Jemand anderes hat den Notschalter unter %1 gleichzeitig geändert.</translation>
    </message>
    <message>
        <source>The server at %1 accepts only conditional changes (HTTP 428 Precondition Required) and did not accept Burnrate&apos;s condition. Burnrate sends the document&apos;s ETag with every change; make sure the server sends an ETag when the document is read, and create the document on the server first.</source>
        <translation>Der Server unter %1 nimmt nur bedingte Änderungen an (HTTP 428 Precondition Required) und hat die Bedingung von Burnrate nicht akzeptiert. Burnrate sendet mit jeder Änderung das ETag des Dokuments; sorgen Sie dafür, dass der Server beim Lesen ein ETag sendet, und legen Sie das Dokument zuerst auf dem Server an.</translation>
    </message>
    <message>
        <source>The kill-switch store (%1) cannot be reached: %2</source>
        <translation>Der Speicher des Notschalters (%1) ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>The server at %1 refused to let Burnrate change the kill switch (HTTP %2). Set the token in BURNRATE_KILLSWITCH_TOKEN or the keychain.</source>
        <translation>Der Server unter %1 hat Burnrate das Ändern des Notschalters verweigert (HTTP %2). Setzen Sie das Token in BURNRATE_KILLSWITCH_TOKEN oder im Schlüsselbund.</translation>
    </message>
    <message>
        <source>The server at %1 refused to let Burnrate read the kill switch (HTTP %2). Set the token in BURNRATE_KILLSWITCH_TOKEN or the keychain.</source>
        <translation>Der Server unter %1 hat Burnrate das Lesen des Notschalters verweigert (HTTP %2). Setzen Sie das Token in BURNRATE_KILLSWITCH_TOKEN oder im Schlüsselbund.</translation>
    </message>
    <message>
        <source>The server at %1 could not change the kill switch (HTTP %2).</source>
        <translation>Der Server unter %1 konnte den Notschalter nicht ändern (HTTP %2).</translation>
    </message>
    <message>
        <source>The server at %1 could not read the kill switch (HTTP %2).</source>
        <translation>Der Server unter %1 konnte den Notschalter nicht lesen (HTTP %2).</translation>
    </message>
    <message>
        <source>No kill switch is configured. Add a [killswitch] section to burnrate.conf with backend=etcd and url=http://127.0.0.1:2379 (or backend=http and url=https://host/path/killswitch.json).</source>
        <translation>Es ist kein Notschalter eingerichtet. Fügen Sie burnrate.conf einen Abschnitt [killswitch] mit backend=etcd und url=http://127.0.0.1:2379 hinzu (oder backend=http und url=https://host/pfad/killswitch.json).</translation>
    </message>
    <message>
        <source>[killswitch] backend is &quot;%1&quot;; use etcd or http.</source>
        <translation>[killswitch] backend ist „%1“; verwenden Sie etcd oder http.</translation>
    </message>
    <message>
        <source>[killswitch] url: %1</source>
        <translation>[killswitch] url: %1</translation>
    </message>
    <message>
        <source>[killswitch] user is &quot;%1&quot; but no password is set. Set BURNRATE_KILLSWITCH_PASSWORD or store it in the keychain.</source>
        <translation>[killswitch] user ist „%1“, aber es ist kein Passwort gesetzt. Setzen Sie BURNRATE_KILLSWITCH_PASSWORD oder legen Sie es im Schlüsselbund ab.</translation>
    </message>
    <message>
        <source>The etcd key of the kill switch is empty. Set [killswitch] key, or remove it to use burnrate/killswitch.</source>
        <translation>Der etcd-Schlüssel des Notschalters ist leer. Setzen Sie [killswitch] key, oder entfernen Sie den Eintrag, um burnrate/killswitch zu verwenden.</translation>
    </message>
    <message>
        <source>The kill switch was not changed: %1</source>
        <translation>Der Notschalter wurde nicht geändert: %1</translation>
    </message>
    <message>
        <source>The kill switch was not changed: %1 did not say which revision the document is at (no ETag), so a change could overwrite someone else&apos;s. Configure the server to send an ETag.</source>
        <translation>Der Notschalter wurde nicht geändert: %1 hat nicht angegeben, auf welchem Stand das Dokument ist (kein ETag), daher könnte eine Änderung die eines anderen überschreiben. Richten Sie den Server so ein, dass er ein ETag sendet.</translation>
    </message>
    <message>
        <source>The kill switch was not changed: others changed it %1 times in a row while Burnrate tried. Try again.</source>
        <translation>Der Notschalter wurde nicht geändert: Andere haben ihn %1-mal hintereinander geändert, während Burnrate es versuchte. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The store accepted the change but could not be read back to confirm it: %1</source>
        <translation>Der Speicher hat die Änderung angenommen, konnte aber zur Bestätigung nicht wieder gelesen werden: %1</translation>
    </message>
    <message>
        <source>The store accepted the change, but reading it back shows version %1 instead of %2. The change is not confirmed.</source>
        <translation>Der Speicher hat die Änderung angenommen, doch das erneute Lesen zeigt Version %1 statt %2. Die Änderung ist nicht bestätigt.</translation>
    </message>
    <message>
        <source>The kill-switch document is not valid JSON.</source>
        <translation>Das Notschalter-Dokument ist kein gültiges JSON.</translation>
    </message>
    <message>
        <source>The kill-switch document is not a JSON object.</source>
        <translation>Das Notschalter-Dokument ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>The kill-switch document has no &quot;schema&quot; key.</source>
        <translation>Das Notschalter-Dokument hat keinen Schlüssel „schema“.</translation>
    </message>
    <message>
        <source>The kill-switch document&apos;s &quot;schema&quot; is not a positive whole number.</source>
        <translation>„schema“ im Notschalter-Dokument ist keine positive ganze Zahl.</translation>
    </message>
    <message>
        <source>The kill-switch document has schema %1, but this Burnrate understands only schema %2. Update Burnrate.</source>
        <translation>Das Notschalter-Dokument hat Schema %1, diese Burnrate-Version versteht aber nur Schema %2. Aktualisieren Sie Burnrate.</translation>
    </message>
    <message>
        <source>The kill-switch document&apos;s &quot;version&quot; is not a whole number of zero or more.</source>
        <translation>„version“ im Notschalter-Dokument ist keine ganze Zahl ab null.</translation>
    </message>
    <message>
        <source>The kill-switch document&apos;s &quot;kill_all&quot; is not true or false.</source>
        <translation>„kill_all“ im Notschalter-Dokument ist weder true noch false.</translation>
    </message>
    <message>
        <source>The kill-switch document&apos;s &quot;disabled_agents&quot; is not a list.</source>
        <translation>„disabled_agents“ im Notschalter-Dokument ist keine Liste.</translation>
    </message>
    <message>
        <source>The kill-switch document&apos;s &quot;disabled_agents&quot; holds something that is not an agent id (text).</source>
        <translation>„disabled_agents“ im Notschalter-Dokument enthält etwas, das keine Agenten-ID (Text) ist.</translation>
    </message>
    <message>
        <source>The kill-switch document&apos;s &quot;%1&quot; is not text.</source>
        <translation>„%1“ im Notschalter-Dokument ist kein Text.</translation>
    </message>
    <message>
        <source>The kill-switch document&apos;s &quot;updated_at&quot; is not text.</source>
        <translation>„updated_at“ im Notschalter-Dokument ist kein Text.</translation>
    </message>
    <message>
        <source>The kill-switch document&apos;s &quot;updated_at&quot; is not an ISO 8601 time.</source>
        <translation>„updated_at“ im Notschalter-Dokument ist keine Zeit im Format ISO 8601.</translation>
    </message>
    <message>
        <source>Name the agent to stop or resume: its id is empty.</source>
        <translation>Nennen Sie den Agenten, der angehalten oder fortgesetzt werden soll: Seine ID ist leer.</translation>
    </message>
</context>
<context>
    <name>Burnrate::KillSwitch::AutoKill</name>
    <message>
        <source>Stopped all agents automatically: %1</source>
        <translation>Alle Agenten automatisch gestoppt: %1</translation>
    </message>
    <message>
        <source>Stopped agent %1 automatically: %2</source>
        <translation>Agent %1 automatisch gestoppt: %2</translation>
    </message>
    <message>
        <source>Could not stop all agents automatically: %1</source>
        <translation>Alle Agenten konnten nicht automatisch gestoppt werden: %1</translation>
    </message>
    <message>
        <source>Could not stop agent %1 automatically: %2</source>
        <translation>Agent %1 konnte nicht automatisch gestoppt werden: %2</translation>
    </message>
    <message>
        <source>Automatic (alert %1): %2</source>
        <translation>Automatisch (Alarm %1): %2</translation>
    </message>
    <message>
        <source>Observe mode: would have stopped all agents: %1</source>
        <translation>Beobachtungsmodus: Alle Agenten wären gestoppt worden: %1</translation>
    </message>
    <message>
        <source>Observe mode: would have stopped agent %1: %2</source>
        <translation>Beobachtungsmodus: Agent %1 wäre gestoppt worden: %2</translation>
    </message>
    <message>
        <source>Could not stop all agents automatically: no kill switch is configured. %1</source>
        <translation>Alle Agenten konnten nicht automatisch gestoppt werden: Es ist kein Notschalter eingerichtet. %1</translation>
    </message>
    <message>
        <source>Could not stop agent %1 automatically: no kill switch is configured. %2</source>
        <translation>Agent %1 konnte nicht automatisch gestoppt werden: Es ist kein Notschalter eingerichtet. %2</translation>
    </message>
</context>
<context>
    <name>Burnrate::Models::AlertModel</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Anomaly</source>
        <translation>Anomalie</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>Schleife</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 projected, limit %2</source>
        <translation>Prognose %1, Limit %2</translation>
    </message>
    <message>
        <source>%1 in an hour, usually %2</source>
        <translation>%1 in einer Stunde, sonst %2</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>Art: %1</translation>
    </message>
    <message>
        <source>Fired: %1</source>
        <translation>Ausgelöst: %1</translation>
    </message>
    <message>
        <source>Budget: %1</source>
        <translation>Budget: %1</translation>
    </message>
    <message>
        <source>Scope: %1</source>
        <translation>Geltungsbereich: %1</translation>
    </message>
    <message>
        <source>Tier: %1 %</source>
        <translation>Stufe: %1 %</translation>
    </message>
    <message>
        <source>Acknowledged: %1</source>
        <translation>Bestätigt: %1</translation>
    </message>
    <message>
        <source>Ratio to the usual hourly spend: %1×</source>
        <translation>Verhältnis zu den üblichen Ausgaben pro Stunde: %1×</translation>
    </message>
    <message numerus="yes">
        <source>Baseline: %n hour(s)</source>
        <translation>
            <numerusform>Vergleichsbasis: %n Stunde</numerusform>
            <numerusform>Vergleichsbasis: %n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Spent so far: %1</source>
        <translation>Bisher ausgegeben: %1</translation>
    </message>
    <message>
        <source>Limit reached on: %1</source>
        <translation>Limit erreicht am: %1</translation>
    </message>
    <message>
        <source>notification</source>
        <translation>Benachrichtigung</translation>
    </message>
    <message>
        <source>critical notification</source>
        <translation>kritische Benachrichtigung</translation>
    </message>
    <message>
        <source>critical notification and escalation</source>
        <translation>kritische Benachrichtigung und Eskalation</translation>
    </message>
    <message>
        <source>Action: %1</source>
        <translation>Aktion: %1</translation>
    </message>
    <message>
        <source>The spend fell back under this tier.</source>
        <translation>Die Ausgaben sind wieder unter diese Stufe gefallen.</translation>
    </message>
    <message>
        <source>The budget was snoozed: no notification was shown.</source>
        <translation>Das Budget war stummgeschaltet: Es wurde keine Benachrichtigung gezeigt.</translation>
    </message>
    <message>
        <source>Top contributors:</source>
        <translation>Größte Verursacher:</translation>
    </message>
    <message>
        <source>  • agent %1, model %2, feature %3: %4</source>
        <translation>  • Agent %1, Modell %2, Funktion %3: %4</translation>
    </message>
    <message>
        <source>Trace ids:</source>
        <translation>Trace-IDs:</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>an alert&apos;s detail field: name: value</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>yyyy-MM-dd HH:mm:ss</source>
        <comment>an alert&apos;s time</comment>
        <translation>dd.MM.yyyy HH:mm:ss</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Budget or scope</source>
        <translation>Budget oder Bereich</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
</context>
<context>
    <name>Burnrate::Models::AuditModel</name>
    <message>
        <source>Kill all agents</source>
        <translation>Alle Agenten stoppen</translation>
    </message>
    <message>
        <source>Resume all agents</source>
        <translation>Alle Agenten fortsetzen</translation>
    </message>
    <message>
        <source>Stop agent %1</source>
        <translation>Agent %1 stoppen</translation>
    </message>
    <message>
        <source>Resume agent %1</source>
        <translation>Agent %1 fortsetzen</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Automatic: budget &apos;%1&apos;</source>
        <translation>Automatisch: Budget &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Automatic: loop alarm on %1</source>
        <translation>Automatisch: Schleifenalarm für %1</translation>
    </message>
    <message>
        <source>The automatic kill of Burnrate on %1</source>
        <translation>Der automatische Stopp von Burnrate auf %1</translation>
    </message>
</context>
<context>
    <name>Burnrate::Models::BudgetModel</name>
    <message>
        <source>All spend</source>
        <translation>Alle Ausgaben</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>a budget&apos;s scope: dimension: value</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Täglich</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>Wöchentlich</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>Monatlich</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the tiers in a budget&apos;s state</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>%1 % acknowledged</source>
        <translation>%1 % bestätigt</translation>
    </message>
    <message>
        <source>%1 % fired</source>
        <translation>%1 % ausgelöst</translation>
    </message>
    <message>
        <source>forecast acknowledged</source>
        <translation>Prognose bestätigt</translation>
    </message>
    <message>
        <source>forecast fired</source>
        <translation>Prognose ausgelöst</translation>
    </message>
    <message>
        <source>No tier reached</source>
        <translation>Keine Stufe erreicht</translation>
    </message>
    <message>
        <source>snoozed until %1</source>
        <translation>stumm bis %1</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the parts of a budget&apos;s state</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>—</source>
        <comment>no projection yet</comment>
        <translation>—</translation>
    </message>
    <message>
        <source>%1
on track to exceed on %2</source>
        <comment>projected spend, then the day it crosses the limit</comment>
        <translation>%1
über Limit ab %2</translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>the day a budget is exceeded</comment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>a budget&apos;s period and time zone</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 % of %2</source>
        <translation>%1 % von %2</translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation>Von %1 bis %2</translation>
    </message>
    <message>
        <source>Tiers: %1 %</source>
        <translation>Stufen: %1 %</translation>
    </message>
    <message>
        <source>Spend expected at the end of the period at the recent burn rate of %1 per hour.</source>
        <translation>Erwartete Ausgaben am Ende des Zeitraums bei der jüngsten Ausgabenrate von %1 pro Stunde.</translation>
    </message>
    <message>
        <source>Too little of the period has passed for a projection.</source>
        <translation>Vom Zeitraum ist noch zu wenig vergangen für eine Prognose.</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>Of limit</source>
        <translation>Vom Limit</translation>
    </message>
    <message>
        <source>Projected at period end</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Cannot read the known values: %1</source>
        <translation>Die bekannten Werte sind nicht lesbar: %1</translation>
    </message>
    <message>
        <source>Observe</source>
        <translation>Beobachten</translation>
    </message>
    <message>
        <source>Enforce</source>
        <translation>Durchsetzen</translation>
    </message>
    <message>
        <source>Notify only</source>
        <translation>Nur benachrichtigen</translation>
    </message>
    <message>
        <source>Agents keep running; the alerts only notify.</source>
        <translation>Die Agenten laufen weiter; die Warnungen benachrichtigen nur.</translation>
    </message>
    <message>
        <source>No tier reaches 120 %, so nothing escalates and no agent is stopped.</source>
        <translation>Keine Stufe reicht bis 120 %, also wird nichts eskaliert und kein Agent gestoppt.</translation>
    </message>
    <message>
        <source>the agent</source>
        <translation>den Agenten</translation>
    </message>
    <message>
        <source>At %1 % nothing is stopped; the alert says the kill switch would have stopped all agents.</source>
        <translation>Bei %1 % wird nichts gestoppt; die Warnung sagt, dass der Notschalter alle Agenten gestoppt hätte.</translation>
    </message>
    <message>
        <source>At %1 % nothing is stopped; the alert says the kill switch would have stopped %2.</source>
        <translation>Bei %1 % wird nichts gestoppt; die Warnung sagt, dass der Notschalter %2 gestoppt hätte.</translation>
    </message>
    <message>
        <source>At %1 % the kill switch stops all agents until someone resumes them.</source>
        <translation>Bei %1 % stoppt der Notschalter alle Agenten, bis jemand sie fortsetzt.</translation>
    </message>
    <message>
        <source>At %1 % the kill switch stops %2 until someone resumes it.</source>
        <translation>Bei %1 % stoppt der Notschalter %2, bis jemand ihn fortsetzt.</translation>
    </message>
    <message>
        <source>—</source>
        <comment>a budget that stops no agent</comment>
        <translation>—</translation>
    </message>
    <message>
        <source>Observe only</source>
        <translation>Nur beobachten</translation>
    </message>
    <message>
        <source>Stop all agents</source>
        <translation>Alle Agenten stoppen</translation>
    </message>
    <message>
        <source>Stop %1</source>
        <translation>%1 stoppen</translation>
    </message>
    <message>
        <source>Kill switch</source>
        <translation>Notschalter</translation>
    </message>
    <message>
        <source>Budgets with the scope %1 stop no agent: at %2 % this one only notifies. Choose an agent or all spend as the scope to stop agents.</source>
        <translation>Budgets mit dem Bereich %1 stoppen keinen Agenten: Bei %2 % benachrichtigt dieses nur. Wählen Sie einen Agenten oder alle Ausgaben als Bereich, um Agenten zu stoppen.</translation>
    </message>
    <message>
        <source>Spend expected at the end of the period at the recent burn rate</source>
        <translation>Erwartete Ausgaben am Ende des Zeitraums bei der aktuellen Ausgaberate</translation>
    </message>
</context>
<context>
    <name>Burnrate::Models::CallsModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>No price is known for this model: the call is counted but not priced.</source>
        <translation>Für dieses Modell ist kein Preis bekannt: Der Aufruf wird gezählt, aber nicht bepreist.</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>ohne Preis</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>Sort by time, tokens, cost or latency</source>
        <translation>Sortierbar nach Zeit, Tokens, Kosten oder Latenz</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
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
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>Burnrate::Models::ExploreModel</name>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Cache hit rate</source>
        <translation>Cache-Trefferquote</translation>
    </message>
    <message>
        <source>Cost per call</source>
        <translation>Kosten pro Aufruf</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
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
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Stunde</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>(no provider)</source>
        <translation>(kein Anbieter)</translation>
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
        <source>(no user)</source>
        <translation>(kein Benutzer)</translation>
    </message>
    <message>
        <source>(no session)</source>
        <translation>(keine Sitzung)</translation>
    </message>
    <message>
        <source>(no task)</source>
        <translation>(keine Aufgabe)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Calls without a known price (%1) are counted at $0.</source>
        <translation>Aufrufe ohne bekannten Preis (%1) zählen mit 0 $.</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Other (1 group)</source>
        <translation>Sonstige (1 Gruppe)</translation>
    </message>
    <message>
        <source>Other (%1 groups)</source>
        <translation>Sonstige (%1 Gruppen)</translation>
    </message>
    <message>
        <source>The group after the most expensive ones</source>
        <translation>Die Gruppe nach den teuersten</translation>
    </message>
    <message>
        <source>The %1 groups after the most expensive ones, summed</source>
        <translation>Die %1 Gruppen nach den teuersten, summiert</translation>
    </message>
</context>
<context>
    <name>Burnrate::Models::KillSwitchAgentModel</name>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Stopped (all agents)</source>
        <translation>Gestoppt (alle Agenten)</translation>
    </message>
    <message>
        <source>Stop pending…</source>
        <translation>Stopp ausstehend …</translation>
    </message>
    <message>
        <source>Resume pending…</source>
        <translation>Fortsetzen ausstehend …</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>Letzte 24 h</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>Burnrate::Models::ReconciliationModel</name>
    <message>
        <source>Unpriced calls</source>
        <translation>Aufrufe ohne Preis</translation>
    </message>
    <message>
        <source>Uninstrumented calls</source>
        <translation>Nicht instrumentierte Aufrufe</translation>
    </message>
    <message>
        <source>Price difference</source>
        <translation>Preisabweichung</translation>
    </message>
    <message>
        <source>Not final yet</source>
        <translation>Noch nicht endgültig</translation>
    </message>
    <message>
        <source>Not billed yet</source>
        <translation>Noch nicht abgerechnet</translation>
    </message>
    <message>
        <source>ddd, MMM d</source>
        <comment>a day in the reconciliation table</comment>
        <translation>ddd, d. MMM</translation>
    </message>
    <message>
        <source>(no model)</source>
        <translation>(kein Modell)</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>nicht gemeldet</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the causes in a cell</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>Billed and measured spend agree within 1 % or 1 cent.</source>
        <translation>Abgerechnete und gemessene Ausgaben stimmen auf 1 % oder 1 Cent überein.</translation>
    </message>
    <message>
        <source>This provider&apos;s usage report does not count requests.</source>
        <translation>Der Nutzungsbericht dieses Anbieters zählt keine Anfragen.</translation>
    </message>
    <message>
        <source>%1 of them without a price</source>
        <translation>davon %1 ohne Preis</translation>
    </message>
    <message>
        <source>Billed line items that name no model</source>
        <translation>Abgerechnete Posten ohne Modellangabe</translation>
    </message>
    <message>
        <source>The day in UTC, as the providers bill it</source>
        <translation>Der Tag in UTC, wie die Anbieter abrechnen</translation>
    </message>
    <message>
        <source>What the provider&apos;s cost report bills</source>
        <translation>Was der Kostenbericht des Anbieters abrechnet</translation>
    </message>
    <message>
        <source>What Burnrate measured from telemetry and priced</source>
        <translation>Was Burnrate aus der Telemetrie gemessen und bepreist hat</translation>
    </message>
    <message>
        <source>Billed minus measured: above zero, the provider billed more than Burnrate saw</source>
        <translation>Abgerechnet minus gemessen: Über null hat der Anbieter mehr abgerechnet, als Burnrate gesehen hat</translation>
    </message>
    <message>
        <source>Requests the provider counted</source>
        <translation>Vom Anbieter gezählte Anfragen</translation>
    </message>
    <message>
        <source>Model calls Burnrate received</source>
        <translation>Von Burnrate empfangene Modellaufrufe</translation>
    </message>
    <message>
        <source>Day (UTC)</source>
        <translation>Tag (UTC)</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>Abgerechnet</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Likely causes</source>
        <translation>Wahrscheinliche Ursachen</translation>
    </message>
</context>
<context>
    <name>Burnrate::Models::SessionsModel</name>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
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
        <source>First seen</source>
        <translation>Erster Aufruf</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Letzter Aufruf</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
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
    <name>Burnrate::Models::TraceModel</name>
    <message>
        <source>Trace %1</source>
        <translation>Trace %1</translation>
    </message>
    <message>
        <source>Includes calls with no known price, counted as $0.</source>
        <translation>Enthält Aufrufe ohne bekannten Preis, mit 0 $ gezählt.</translation>
    </message>
    <message>
        <source>The calls of this agent: no agent span was recorded for the trace.</source>
        <translation>Die Aufrufe dieses Agenten: Für diesen Trace wurde kein Agent-Span aufgezeichnet.</translation>
    </message>
    <message>
        <source>Span %1</source>
        <translation>Span %1</translation>
    </message>
    <message>
        <source>%1 (failed)</source>
        <translation>%1 (fehlgeschlagen)</translation>
    </message>
    <message>
        <source>trace</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>model call</source>
        <translation>Modellaufruf</translation>
    </message>
    <message>
        <source>sub-agent</source>
        <translation>Sub-Agent</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>Tool</translation>
    </message>
    <message>
        <source>workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>span</source>
        <translation>Span</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
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
        <source>%1 rejected the request (HTTP %2).</source>
        <translation>%1 hat die Anfrage abgelehnt (HTTP %2).</translation>
    </message>
    <message>
        <source>%1 rejected the request (HTTP %2): %3</source>
        <translation>%1 hat die Anfrage abgelehnt (HTTP %2): %3</translation>
    </message>
    <message>
        <source>%1 has no such endpoint (HTTP 404). Check the base URL.</source>
        <translation>%1 hat keinen solchen Endpoint (HTTP 404). Prüfen Sie die Basis-URL.</translation>
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
    <message>
        <source>The answer from OpenRouter /api/v1/activity has figures that add up to more than can be counted.</source>
        <translation>Die Antwort von OpenRouter /api/v1/activity enthält Werte, die zusammen mehr ergeben, als gezählt werden kann.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Providers::ProviderPoller</name>
    <message>
        <source>OpenAI admin key</source>
        <translation>OpenAI-Admin-Schlüssel</translation>
    </message>
    <message>
        <source>Anthropic admin key</source>
        <translation>Anthropic-Admin-Schlüssel</translation>
    </message>
    <message>
        <source>OpenRouter key</source>
        <translation>OpenRouter-Schlüssel</translation>
    </message>
    <message>
        <source>%1 answered with the same page again. Burnrate tries again at the next poll.</source>
        <translation>%1 hat erneut dieselbe Seite geliefert. Burnrate versucht es bei der nächsten Abfrage erneut.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>There is no %1 to test.</source>
        <translation>Es ist kein %1 zum Testen vorhanden.</translation>
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
    <name>Burnrate::Settings</name>
    <message>
        <source>cannot read the settings file %1: %2</source>
        <translation>die Einstellungsdatei %1 lässt sich nicht lesen: %2</translation>
    </message>
    <message>
        <source>the settings file %1, line %2, is neither a [section], a key=value setting nor a comment</source>
        <translation>die Einstellungsdatei %1, Zeile %2, ist weder ein [Abschnitt] noch eine Einstellung Schlüssel=Wert noch ein Kommentar</translation>
    </message>
    <message>
        <source>cannot read the settings file %1 as an INI file</source>
        <translation>die Einstellungsdatei %1 lässt sich nicht als INI-Datei lesen</translation>
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
    <message>
        <source>The day filter &apos;%1&apos; is not a date (YYYY-MM-DD).</source>
        <translation>Der Tagesfilter &apos;%1&apos; ist kein Datum (JJJJ-MM-TT).</translation>
    </message>
    <message>
        <source>%1 is not a dimension of billed spend; use provider, model, project or day.</source>
        <translation>%1 ist keine Dimension abgerechneter Ausgaben; verwenden Sie provider, model, project oder day.</translation>
    </message>
    <message>
        <source>Some measured calls use a model without a known price and count as $0. Add the model&apos;s price to the price overrides.</source>
        <translation>Einige gemessene Aufrufe verwenden ein Modell ohne bekannten Preis und zählen mit 0 $. Tragen Sie den Preis des Modells in die eigenen Preise ein.</translation>
    </message>
    <message>
        <source>The provider billed calls that telemetry never saw: an application or key without OpenTelemetry instrumentation.</source>
        <translation>Der Anbieter hat Aufrufe abgerechnet, die die Telemetrie nie gesehen hat: eine Anwendung oder ein Schlüssel ohne OpenTelemetry-Instrumentierung.</translation>
    </message>
    <message>
        <source>The token counts agree but the money does not: cache pricing, discounts, batch rates or a price change.</source>
        <translation>Die Token-Zahlen stimmen überein, die Kosten nicht: Cache-Preise, Rabatte, Batch-Tarife oder eine Preisänderung.</translation>
    </message>
    <message>
        <source>The provider&apos;s figures for this day are not final yet and may still change.</source>
        <translation>Die Zahlen des Anbieters für diesen Tag sind noch nicht endgültig und können sich noch ändern.</translation>
    </message>
    <message>
        <source>The provider reported no cost for this day: its cost endpoint is not polled, or is behind.</source>
        <translation>Der Anbieter hat für diesen Tag keine Kosten gemeldet: Sein Kosten-Endpoint wird nicht abgefragt oder ist im Rückstand.</translation>
    </message>
    <message>
        <source>Reconciliation filters only by provider and model, not by %1.</source>
        <translation>Der Abgleich filtert nur nach provider und model, nicht nach %1.</translation>
    </message>
    <message>
        <source>project is a dimension of billed spend; use --billed.</source>
        <translation>project ist eine Dimension abgerechneter Ausgaben; verwenden Sie --billed.</translation>
    </message>
    <message>
        <source>The provider data names no provider; nothing of it was stored.</source>
        <translation>Die Anbieterdaten nennen keinen Anbieter; nichts davon wurde gespeichert.</translation>
    </message>
    <message>
        <source>The provider data of %1 covers a time span without a valid width; nothing of it was stored.</source>
        <translation>Die Anbieterdaten von %1 enthalten einen Zeitabschnitt ohne gültige Breite; nichts davon wurde gespeichert.</translation>
    </message>
    <message>
        <source>The provider data of %1 contains a bucket of %2; nothing of it was stored.</source>
        <translation>Die Anbieterdaten von %1 enthalten einen Bucket von %2; nichts davon wurde gespeichert.</translation>
    </message>
    <message>
        <source>The provider data of %1 has a source state without a source; nothing of it was stored.</source>
        <translation>Die Anbieterdaten von %1 enthalten einen Quellenstatus ohne Quelle; nichts davon wurde gespeichert.</translation>
    </message>
    <message>
        <source>Calls cannot be filtered by %1; narrow the time range instead.</source>
        <translation>Aufrufe lassen sich nicht nach %1 filtern; schränken Sie stattdessen den Zeitraum ein.</translation>
    </message>
    <message>
        <source>project is a dimension of billed spend; it has no calls.</source>
        <translation>project ist eine Dimension abgerechneter Ausgaben; dazu gibt es keine Aufrufe.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a %2 (%3).</source>
        <translation>&apos;%1&apos; ist kein gültiger Wert für %2 (%3).</translation>
    </message>
    <message>
        <source>Calls can be shown for one day or hour at a time.</source>
        <translation>Aufrufe lassen sich nur für einen Tag oder eine Stunde zugleich zeigen.</translation>
    </message>
    <message>
        <source>The call is no longer in the database.</source>
        <translation>Der Aufruf ist nicht mehr in der Datenbank.</translation>
    </message>
    <message>
        <source>No call of trace %1 was found between %2 and %3.</source>
        <translation>Zwischen %2 und %3 wurde kein Aufruf des Traces %1 gefunden.</translation>
    </message>
    <message>
        <source>The agents&apos; spend could not be read: %1</source>
        <translation>Die Ausgaben der Agenten konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 has an older schema (%2). Open it once with write access so that Burnrate can upgrade it, or, if Burnrate is upgrading it now, try again when it is done.</source>
        <translation>%1 hat ein älteres Schema (%2). Öffnen Sie die Datei einmal mit Schreibzugriff, damit Burnrate sie aktualisieren kann, oder versuchen Sie es erneut, sobald Burnrate eine laufende Aktualisierung abgeschlossen hat.</translation>
    </message>
    <message>
        <source>a newer Burnrate upgraded it to schema %1 while this one was running; quit this one and use the newer one</source>
        <translation>ein neueres Burnrate hat sie auf Schema %1 aktualisiert, während dieses lief; beenden Sie dieses und verwenden Sie das neuere</translation>
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
    <name>Burnrate::Widgets::AlertsPage</name>
    <message>
        <source>Alerts</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Acknowledge all</source>
        <translation>Alle bestätigen</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Unacknowledged only</source>
        <translation>Nur unbestätigte</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Zeigen:</translation>
    </message>
    <message>
        <source>No alerts match these filters.</source>
        <translation>Keine Warnung passt zu diesen Filtern.</translation>
    </message>
    <message>
        <source>Select an alert to see its details: the figures, the top contributors (agent, model, feature) and the trace ids.</source>
        <translation>Wählen Sie eine Warnung, um ihre Einzelheiten zu sehen: die Zahlen, die größten Verursacher (Agent, Modell, Funktion) und die Trace-IDs.</translation>
    </message>
    <message>
        <source>No alerts yet</source>
        <translation>Noch keine Warnungen</translation>
    </message>
    <message>
        <source>Alerts appear here as they happen: a budget reaching one of its tiers (70, 100 and 120 % of its limit unless you chose others), a projection that the limit will be crossed before the period ends, spend in the last hour far above the day&apos;s average (an anomaly), and an agent repeating the same calls (a loop). Each also shows in the tray. Add a budget on the Budgets screen to get the first ones.</source>
        <translation>Warnungen erscheinen hier, sobald sie auftreten: ein Budget, das eine seiner Stufen erreicht (70, 100 und 120 % des Limits, sofern Sie keine anderen gewählt haben), eine Prognose, nach der das Limit vor Ende des Zeitraums überschritten wird, Ausgaben der letzten Stunde weit über dem Tagesdurchschnitt (eine Anomalie) und ein Agent, der immer dieselben Aufrufe wiederholt (eine Schleife). Jede erscheint auch im Infobereich. Legen Sie auf der Seite Budgets ein Budget an, um die ersten zu erhalten.</translation>
    </message>
    <message>
        <source>Alerts are unavailable: Burnrate could not open its database for them. The log says why; restart Burnrate once the database can be written.</source>
        <translation>Warnungen sind nicht verfügbar: Burnrate konnte seine Datenbank dafür nicht öffnen. Das Protokoll nennt den Grund; starten Sie Burnrate neu, sobald die Datenbank beschreibbar ist.</translation>
    </message>
    <message>
        <source>Cannot read the alerts: %1</source>
        <translation>Die Warnungen sind nicht lesbar: %1</translation>
    </message>
    <message>
        <source>all acknowledged</source>
        <translation>alle bestätigt</translation>
    </message>
    <message numerus="yes">
        <source>%n unacknowledged</source>
        <translation>
            <numerusform>%n unbestätigt</numerusform>
            <numerusform>%n unbestätigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alerts selected.</source>
        <translation>
            <numerusform>%n Warnung ausgewählt.</numerusform>
            <numerusform>%n Warnungen ausgewählt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot acknowledge the alert: %1</source>
        <translation>Die Warnung lässt sich nicht bestätigen: %1</translation>
    </message>
    <message>
        <source>Stop this agent…</source>
        <translation>Diesen Agenten stoppen …</translation>
    </message>
    <message>
        <source>Tells the agent to stop through the kill switch (asks for a reason first).</source>
        <translation>Weist den Agenten über den Notschalter an, anzuhalten (fragt zuerst nach einem Grund).</translation>
    </message>
    <message>
        <source>Stop agent %1…</source>
        <translation>Agent %1 stoppen …</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::BudgetDialog</name>
    <message>
        <source>Edit budget</source>
        <translation>Budget bearbeiten</translation>
    </message>
    <message>
        <source>Add budget</source>
        <translation>Budget anlegen</translation>
    </message>
    <message>
        <source>e.g. daily-all</source>
        <translation>z. B. taeglich-alle</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>&amp;Geltungsbereich:</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Days, weeks (from Monday) and months start at midnight in this time zone.</source>
        <translation>Tage, Wochen (ab Montag) und Monate beginnen um Mitternacht in dieser Zeitzone.</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>Zeit&amp;zone:</translation>
    </message>
    <message>
        <source>e.g. 25 or 12.50</source>
        <translation>z. B. 25 oder 12,50</translation>
    </message>
    <message>
        <source>&amp;Limit (USD):</source>
        <translation>&amp;Limit (USD):</translation>
    </message>
    <message>
        <source>Percentages of the limit that alert, in ascending order. Below 100 % a notification, from 100 % a critical one, from 120 % also the escalation.</source>
        <translation>Prozentwerte des Limits, bei denen gewarnt wird, aufsteigend. Unter 100 % eine Benachrichtigung, ab 100 % eine kritische, ab 120 % zusätzlich die Eskalation.</translation>
    </message>
    <message>
        <source>&amp;Tiers (%):</source>
        <translation>&amp;Stufen (%):</translation>
    </message>
    <message>
        <source>Also alert when the projected spend at the period&apos;s end reaches the limit</source>
        <translation>Auch warnen, wenn die Prognose zum Ende des Zeitraums das Limit erreicht</translation>
    </message>
    <message>
        <source>optional, e.g. https://hooks.slack.com/services/…</source>
        <translation>optional, z. B. https://hooks.slack.com/services/…</translation>
    </message>
    <message>
        <source>Each alert of this budget is posted here as Slack-compatible JSON.</source>
        <translation>Jede Warnung dieses Budgets wird hierher als Slack-kompatibles JSON gesendet.</translation>
    </message>
    <message>
        <source>&amp;Webhook URL:</source>
        <translation>&amp;Webhook-URL:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>choose or type a value</source>
        <translation>Wert wählen oder eingeben</translation>
    </message>
    <message>
        <source>type a value</source>
        <translation>Wert eingeben</translation>
    </message>
    <message>
        <source>Give the budget a name.</source>
        <translation>Geben Sie dem Budget einen Namen.</translation>
    </message>
    <message>
        <source>Choose or type the %1 this budget counts.</source>
        <translation>Wählen oder geben Sie den Wert für „%1“ ein, den dieses Budget zählt.</translation>
    </message>
    <message>
        <source>Give the limit in US dollars, e.g. 25 or 12.50.</source>
        <translation>Geben Sie das Limit in US-Dollar an, z. B. 25 oder 12,50.</translation>
    </message>
    <message>
        <source>The webhook URL must be an http:// or https:// address.</source>
        <translation>Die Webhook-URL muss eine http://- oder https://-Adresse sein.</translation>
    </message>
    <message>
        <source>&amp;Kill switch on escalation:</source>
        <translation>&amp;Notschalter bei Eskalation:</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::BudgetsPage</name>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Anlegen…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Mark the selected budget&apos;s alerts as seen: the tray icon calms down.</source>
        <translation>Die Warnungen des gewählten Budgets als gesehen markieren: Das Symbol im Infobereich beruhigt sich.</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>Stummschalten</translation>
    </message>
    <message>
        <source>Record the selected budget&apos;s alerts without notifying for a while.</source>
        <translation>Die Warnungen des gewählten Budgets eine Weile nur aufzeichnen, ohne zu benachrichtigen.</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>Für 1 Stunde</translation>
    </message>
    <message>
        <source>Until tomorrow</source>
        <translation>Bis morgen</translation>
    </message>
    <message>
        <source>Until the period ends</source>
        <translation>Bis zum Ende des Zeitraums</translation>
    </message>
    <message>
        <source>End the snooze</source>
        <translation>Stummschaltung beenden</translation>
    </message>
    <message>
        <source>Each tier alerts once per period. Spend counts every call of the period in the budget&apos;s time zone; the projection extends the recent burn rate to the period&apos;s end.</source>
        <translation>Jede Stufe warnt einmal pro Zeitraum. Gezählt wird jeder Aufruf des Zeitraums in der Zeitzone des Budgets; die Prognose schreibt die jüngste Ausgabenrate bis zum Ende des Zeitraums fort.</translation>
    </message>
    <message>
        <source>Set a limit on what your agents spend</source>
        <translation>Begrenzen Sie, was Ihre Agenten ausgeben</translation>
    </message>
    <message>
        <source>Add budget</source>
        <translation>Budget anlegen</translation>
    </message>
    <message>
        <source>A budget is a limit in US dollars on the spend of a day, a week or a month: all spend, or one provider, model, feature, agent or user. Burnrate alerts once per period at 70 %, 100 % and 120 % of the limit (you choose the tiers), in the tray, on the Alerts screen and, if you like, through a webhook, and can warn when the projected spend will cross the limit before the period ends.</source>
        <translation>Ein Budget ist ein Limit in US-Dollar für die Ausgaben eines Tages, einer Woche oder eines Monats: alle Ausgaben oder die eines Anbieters, Modells, einer Funktion, eines Agenten oder Benutzers. Burnrate warnt einmal pro Zeitraum bei 70 %, 100 % und 120 % des Limits (die Stufen wählen Sie), im Infobereich, auf der Seite Warnungen und auf Wunsch über einen Webhook, und kann warnen, wenn die Prognose das Limit vor Ende des Zeitraums überschreitet.</translation>
    </message>
    <message>
        <source>Budgets are unavailable: Burnrate could not open its database for them. The log says why; restart Burnrate once the database can be written.</source>
        <translation>Budgets sind nicht verfügbar: Burnrate konnte seine Datenbank dafür nicht öffnen. Das Protokoll nennt den Grund; starten Sie Burnrate neu, sobald die Datenbank beschreibbar ist.</translation>
    </message>
    <message>
        <source>Cannot read the budgets: %1</source>
        <translation>Die Budgets sind nicht lesbar: %1</translation>
    </message>
    <message>
        <source>Budgets are unavailable.</source>
        <translation>Budgets sind nicht verfügbar.</translation>
    </message>
    <message>
        <source>Remove budget</source>
        <translation>Budget entfernen</translation>
    </message>
    <message>
        <source>Remove the budget &apos;%1&apos;? Its alerts stay in the history.</source>
        <translation>Das Budget „%1“ entfernen? Seine Warnungen bleiben im Verlauf.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::CallsView</name>
    <message>
        <source>provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>Feature</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Nutzer</translation>
    </message>
    <message>
        <source>session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>trace</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Selected range</source>
        <translation>Gewählter Zeitraum</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filter entfernen</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Prompt and response</source>
        <translation>Prompt und Antwort</translation>
    </message>
    <message>
        <source>Copy as JSON</source>
        <translation>Als JSON kopieren</translation>
    </message>
    <message>
        <source>Open trace</source>
        <translation>Trace öffnen</translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation>Von %1 bis %2</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>No calls in this range match the filters. Choose a longer range or clear the filters.</source>
        <translation>Kein Aufruf in diesem Zeitraum passt zu den Filtern. Wählen Sie einen längeren Zeitraum oder entfernen Sie die Filter.</translation>
    </message>
    <message>
        <source>%1 calls shown; more load as you scroll.</source>
        <translation>%1 Aufrufe angezeigt; weitere werden beim Scrollen geladen.</translation>
    </message>
    <message>
        <source>Calls: %1, all shown.</source>
        <translation>Aufrufe: %1, alle angezeigt.</translation>
    </message>
    <message>
        <source>Select a call to see everything stored about it.</source>
        <translation>Wählen Sie einen Aufruf, um alles zu sehen, was über ihn gespeichert ist.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Requested model</source>
        <translation>Angefragtes Modell</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Cache read tokens</source>
        <translation>Aus dem Cache gelesene Tokens</translation>
    </message>
    <message>
        <source>Cache write tokens</source>
        <translation>In den Cache geschriebene Tokens</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Reasoning tokens</source>
        <translation>Reasoning-Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>unpriced (no price known for this model)</source>
        <translation>ohne Preis (für dieses Modell ist kein Preis bekannt)</translation>
    </message>
    <message>
        <source>Cost source</source>
        <translation>Herkunft der Kosten</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Agent name</source>
        <translation>Name des Agenten</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Feature</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Nutzer</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>Span</source>
        <translation>Span</translation>
    </message>
    <message>
        <source>Parent span</source>
        <translation>Eltern-Span</translation>
    </message>
    <message>
        <source>Response id</source>
        <translation>Antwort-ID</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Zeit bis zum ersten Token</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>Error type</source>
        <translation>Fehlerart</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Event id</source>
        <translation>Ereignis-ID</translation>
    </message>
    <message>
        <source>Prompt and response text was not kept for this call. Burnrate keeps it (up to 64 KiB per call) only if you opt in: set keep_content=true in the [otlp] section of burnrate.conf and restart Burnrate. It applies to calls received from then on; the text may contain personal data.</source>
        <translation>Der Text von Prompt und Antwort wurde für diesen Aufruf nicht gespeichert. Burnrate speichert ihn (bis zu 64 KiB pro Aufruf) nur, wenn Sie zustimmen: Setzen Sie keep_content=true im Abschnitt [otlp] der burnrate.conf und starten Sie Burnrate neu. Das gilt für Aufrufe, die danach eingehen; der Text kann personenbezogene Daten enthalten.</translation>
    </message>
    <message>
        <source>Copied the call as JSON.</source>
        <translation>Der Aufruf wurde als JSON kopiert.</translation>
    </message>
    <message>
        <source>New calls: %1 — Refresh</source>
        <translation>Neue Aufrufe: %1 — Aktualisieren</translation>
    </message>
    <message>
        <source>Sorting the calls by cost…</source>
        <translation>Die Aufrufe werden nach Kosten sortiert…</translation>
    </message>
    <message>
        <source>Sorting the calls by tokens…</source>
        <translation>Die Aufrufe werden nach Tokens sortiert…</translation>
    </message>
    <message>
        <source>Sorting the calls by latency…</source>
        <translation>Die Aufrufe werden nach Latenz sortiert…</translation>
    </message>
    <message>
        <source>Loading calls…</source>
        <translation>Aufrufe werden geladen…</translation>
    </message>
    <message>
        <source>%1 calls shown; loading more…</source>
        <translation>%1 Aufrufe angezeigt; weitere werden geladen…</translation>
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
    <name>Burnrate::Widgets::ExploreChart</name>
    <message>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::ExplorePage</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>No calls stored yet. Once agents send telemetry (or the demo runs), Explore breaks their spend down here.</source>
        <translation>Noch keine Aufrufe gespeichert. Sobald Agenten Telemetrie senden (oder die Demo läuft), schlüsselt „Erkunden“ ihre Ausgaben hier auf.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <translation>Aufschlüsselung</translation>
    </message>
    <message>
        <source>Cache savings</source>
        <translation>Cache-Ersparnis</translation>
    </message>
    <message>
        <source>What-if</source>
        <translation>Was wäre, wenn</translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation>Zurück (Alt+Links)</translation>
    </message>
    <message>
        <source>Forward (Alt+Right)</source>
        <translation>Vor (Alt+Rechts)</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Dieser Monat</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Benutzerdefiniert …</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>(nichts)</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>Gruppieren nach</translation>
    </message>
    <message>
        <source>then by</source>
        <translation>dann nach</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show calls</source>
        <translation>Aufrufe zeigen</translation>
    </message>
    <message>
        <source>The individual calls behind the current selection</source>
        <translation>Die einzelnen Aufrufe hinter der aktuellen Auswahl</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export the table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Exported the table to %1</source>
        <translation>Tabelle nach %1 exportiert</translation>
    </message>
    <message>
        <source>As CSV…</source>
        <translation>Als CSV …</translation>
    </message>
    <message>
        <source>As JSON…</source>
        <translation>Als JSON …</translation>
    </message>
    <message>
        <source>Copy as a burnrate report command</source>
        <translation>Als „burnrate report“-Befehl kopieren</translation>
    </message>
    <message>
        <source>Copied: %1</source>
        <translation>Kopiert: %1</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Alle entfernen</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>Suchen …</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Click a row to drill down; right-click for more</source>
        <translation>Klick auf eine Zeile schlüsselt sie weiter auf; Rechtsklick für mehr</translation>
    </message>
    <message>
        <source>Break down by</source>
        <translation>Aufschlüsseln nach</translation>
    </message>
    <message>
        <source>Cache hit rate (share of input tokens read from the cache)</source>
        <translation>Cache-Trefferquote (Anteil der Eingabe-Tokens aus dem Cache)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>%1: %2 selected</source>
        <translation>%1: %2 ausgewählt</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 nach %2</translation>
    </message>
    <message>
        <source>No calls between %1 and %2 with these filters.</source>
        <translation>Keine Aufrufe zwischen %1 und %2 mit diesen Filtern.</translation>
    </message>
    <message>
        <source>1 group</source>
        <translation>1 Gruppe</translation>
    </message>
    <message>
        <source>%1 groups</source>
        <translation>%1 Gruppen</translation>
    </message>
    <message>
        <source>%1 in 1 call</source>
        <translation>%1 in 1 Aufruf</translation>
    </message>
    <message>
        <source>%1 in %2 calls</source>
        <translation>%1 in %2 Aufrufen</translation>
    </message>
    <message>
        <source>Prompt caching saved &lt;b&gt;%1&lt;/b&gt; in this selection: %2 input tokens were read from the cache (hit rate %3) at the cache-read price instead of the full input price, net of what cache writes cost above it. Prices from the price table, per model and day.</source>
        <translation>Prompt-Caching hat in dieser Auswahl &lt;b&gt;%1&lt;/b&gt; gespart: %2 Eingabe-Tokens kamen aus dem Cache (Trefferquote %3) und kosteten den Cache-Lesepreis statt des vollen Eingabepreises, abzüglich der Mehrkosten für Cache-Schreibvorgänge. Preise aus der Preistabelle, je Modell und Tag.</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>ohne Preis</translation>
    </message>
    <message>
        <source>No price is known for this model, so what caching saved cannot be named.</source>
        <translation>Für dieses Modell ist kein Preis bekannt, daher lässt sich die Ersparnis nicht beziffern.</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
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
        <source>Cache reads</source>
        <translation>Cache-Lesen</translation>
    </message>
    <message>
        <source>Cache writes</source>
        <translation>Cache-Schreiben</translation>
    </message>
    <message>
        <source>Hit rate</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespart</translation>
    </message>
    <message>
        <source>What the calls of this selection (%7 calls; %1 input tokens, of which %2 cache reads and %3 cache writes; %4 output tokens) would have cost on each model, at its price on %5. They cost %6. Assumes the same token counts (another model&apos;s tokenizer counts differently), the same cache hits, and cache reads and writes at the model&apos;s own cache rates.</source>
        <translation>Was die Aufrufe dieser Auswahl (%7 Aufrufe; %1 Eingabe-Tokens, davon %2 aus dem Cache gelesen und %3 in den Cache geschrieben; %4 Ausgabe-Tokens) mit jedem Modell gekostet hätten, zu seinem Preis am %5. Tatsächlich kosteten sie %6. Annahmen: dieselben Token-Zahlen (der Tokenizer eines anderen Modells zählt anders), dieselben Cache-Treffer, Cache-Lesen und -Schreiben zu den Cache-Preisen des jeweiligen Modells.</translation>
    </message>
    <message>
        <source>Calls without a known price (%1) count as $0 in what they cost.</source>
        <translation>Aufrufe ohne bekannten Preis (%1) zählen in den tatsächlichen Kosten mit 0 $.</translation>
    </message>
    <message>
        <source>Would cost</source>
        <translation>Würde kosten</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>&lt;b&gt;Routing candidates&lt;/b&gt;: none. No feature in this selection sends short calls (at most %1 tokens in and %2 out on average) to a frontier or reasoning model (output from $8 per million tokens).</source>
        <translation>&lt;b&gt;Kandidaten für günstigeres Routing&lt;/b&gt;: keine. Kein Feature dieser Auswahl schickt kurze Aufrufe (im Mittel höchstens %1 Tokens hinein und %2 heraus) an ein Spitzen- oder Reasoning-Modell (Ausgabe ab 8 $ pro Million Tokens).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Routing candidates&lt;/b&gt;: features sending short calls (at most %1 tokens in and %2 out on average) to a frontier or reasoning model (output from $8 per million tokens), most expensive first, with the same provider&apos;s cheapest smaller model.</source>
        <translation>&lt;b&gt;Kandidaten für günstigeres Routing&lt;/b&gt;: Features, die kurze Aufrufe (im Mittel höchstens %1 Tokens hinein und %2 heraus) an ein Spitzen- oder Reasoning-Modell (Ausgabe ab 8 $ pro Million Tokens) schicken, teuerste zuerst, mit dem günstigsten kleineren Modell desselben Anbieters.</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Input per call</source>
        <translation>Eingabe pro Aufruf</translation>
    </message>
    <message>
        <source>Output per call</source>
        <translation>Ausgabe pro Aufruf</translation>
    </message>
    <message>
        <source>Cheaper model</source>
        <translation>Günstigeres Modell</translation>
    </message>
    <message>
        <source>It would cost</source>
        <translation>Es würde kosten</translation>
    </message>
    <message>
        <source>No values in this range.</source>
        <translation>Keine Werte in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>The %1 most expensive of %2 values; search to narrow them.</source>
        <translation>Die %1 teuersten von %2 Werten; die Suche grenzt sie ein.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Loaded in %1 ms</source>
        <translation>In %1 ms geladen</translation>
    </message>
    <message>
        <source>Could not read the groups to export: %1</source>
        <translation>Die Gruppen für den Export konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>top %1 shown</source>
        <translation>die teuersten %1</translation>
    </message>
    <message>
        <source>The %1 most expensive groups are shown, the other %2 are summed in “Other” rows; export has every group.</source>
        <translation>Die %1 teuersten Gruppen werden gezeigt, die übrigen %2 in „Sonstige“-Zeilen summiert; der Export enthält alle Gruppen.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::KillSwitchPage</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Kill all agents</source>
        <translation>Alle Agenten stoppen</translation>
    </message>
    <message>
        <source>Resume all</source>
        <translation>Alle fortsetzen</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Agent id (pick one above or type it)</source>
        <translation>Agenten-ID (oben auswählen oder eingeben)</translation>
    </message>
    <message>
        <source>Stop agent</source>
        <translation>Agent stoppen</translation>
    </message>
    <message>
        <source>Resume agent</source>
        <translation>Agent fortsetzen</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Änderungsprotokoll</translation>
    </message>
    <message>
        <source>The audit trail could not be read: %1</source>
        <translation>Das Änderungsprotokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No changes yet. Every change made here, from the tray, by the automatic kill or with &apos;burnrate kill&apos; on this database is listed, confirmed or failed.</source>
        <translation>Noch keine Änderungen. Jede Änderung von hier, aus dem Infobereich, durch die automatische Abschaltung oder mit „burnrate kill“ auf dieser Datenbank wird hier aufgeführt, bestätigt oder fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The agents&apos; spend could not be read: %1</source>
        <translation>Die Ausgaben der Agenten konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No agent sent telemetry in the last 24 hours. Type an agent id below to stop it anyway.</source>
        <translation>In den letzten 24 Stunden hat kein Agent Telemetrie gesendet. Geben Sie unten eine Agenten-ID ein, um ihn trotzdem zu stoppen.</translation>
    </message>
    <message>
        <source>Agents that sent telemetry in the last 24 hours, by spend in the last hour. Pick one, or type any agent id.</source>
        <translation>Agenten, die in den letzten 24 Stunden Telemetrie gesendet haben, nach Ausgaben der letzten Stunde. Wählen Sie einen aus oder geben Sie eine beliebige Agenten-ID ein.</translation>
    </message>
    <message>
        <source>Not configured</source>
        <translation>Nicht eingerichtet</translation>
    </message>
    <message>
        <source>&lt;p&gt;The kill switch is one small JSON document in a store that every agent reads before each model call and tool execution: an &lt;b&gt;etcd&lt;/b&gt; key, or an &lt;b&gt;HTTPS&lt;/b&gt; document. Set it up in the &lt;tt&gt;[killswitch]&lt;/tt&gt; section of burnrate.conf:&lt;/p&gt;&lt;pre&gt;[killswitch]
backend=etcd
url=http://127.0.0.1:2379
key=burnrate/killswitch
poll_s=5
user=&lt;/pre&gt;&lt;p&gt;For an HTTPS document use &lt;tt&gt;backend=http&lt;/tt&gt; and its URL. An etcd password or an HTTPS bearer token goes into BURNRATE_KILLSWITCH_PASSWORD or BURNRATE_KILLSWITCH_TOKEN, or the keychain; never into the file. Then restart Burnrate. The README shows how agents read the document and halt.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Der Notschalter ist ein kleines JSON-Dokument in einem Speicher, den jeder Agent vor jedem Modellaufruf und jeder Werkzeugausführung liest: ein &lt;b&gt;etcd&lt;/b&gt;-Schlüssel oder ein &lt;b&gt;HTTPS&lt;/b&gt;-Dokument. Richten Sie ihn im Abschnitt &lt;tt&gt;[killswitch]&lt;/tt&gt; der burnrate.conf ein:&lt;/p&gt;&lt;pre&gt;[killswitch]
backend=etcd
url=http://127.0.0.1:2379
key=burnrate/killswitch
poll_s=5
user=&lt;/pre&gt;&lt;p&gt;Für ein HTTPS-Dokument verwenden Sie &lt;tt&gt;backend=http&lt;/tt&gt; und seine URL. Ein etcd-Passwort oder ein HTTPS-Bearer-Token gehört in BURNRATE_KILLSWITCH_PASSWORD oder BURNRATE_KILLSWITCH_TOKEN oder in den Schlüsselbund, nie in die Datei. Starten Sie Burnrate danach neu. Die README zeigt, wie Agenten das Dokument lesen und anhalten.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>The kill switch is not set up: %1</source>
        <translation>Der Notschalter ist nicht eingerichtet: %1</translation>
    </message>
    <message>
        <source>Setting up the kill switch…</source>
        <translation>Der Notschalter wird eingerichtet …</translation>
    </message>
    <message>
        <source>Burnrate cannot read the store, so it cannot say whether agents are stopped.</source>
        <translation>Burnrate kann den Speicher nicht lesen und daher nicht sagen, ob Agenten gestoppt sind.</translation>
    </message>
    <message>
        <source>The store could not be read, so Burnrate cannot say whether agents are stopped: %1</source>
        <translation>Der Speicher konnte nicht gelesen werden, daher kann Burnrate nicht sagen, ob Agenten gestoppt sind: %1</translation>
    </message>
    <message>
        <source>Reading the store…</source>
        <translation>Der Speicher wird gelesen …</translation>
    </message>
    <message>
        <source>Last read successfully at %1.</source>
        <translation>Zuletzt erfolgreich gelesen um %1.</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>ALL AGENTS STOPPED</source>
        <translation>ALLE AGENTEN GESTOPPT</translation>
    </message>
    <message numerus="yes">
        <source>Running — %n agent(s) stopped</source>
        <translation>
            <numerusform>Läuft – %n Agent gestoppt</numerusform>
            <numerusform>Läuft – %n Agenten gestoppt</numerusform>
        </translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Confirmed by the store at %1 · %2</source>
        <translation>Vom Speicher bestätigt um %1 · %2</translation>
    </message>
    <message>
        <source>The store holds no kill-switch document yet: nothing was ever stopped.</source>
        <translation>Der Speicher enthält noch kein Notschalter-Dokument: Es wurde noch nie etwas gestoppt.</translation>
    </message>
    <message>
        <source>Version %1, set by %2 at %3</source>
        <translation>Version %1, gesetzt von %2 um %3</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <source>(unknown time)</source>
        <translation>(Zeit unbekannt)</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Stopped agents: %1</source>
        <translation>Gestoppte Agenten: %1</translation>
    </message>
    <message>
        <source>Pending, waiting for the store to confirm: %1</source>
        <translation>Ausstehend, wartet auf die Bestätigung des Speichers: %1</translation>
    </message>
    <message>
        <source>No kill switch is configured.</source>
        <translation>Es ist kein Notschalter eingerichtet.</translation>
    </message>
    <message>
        <source>The store&apos;s state is unknown.</source>
        <translation>Der Zustand des Speichers ist unbekannt.</translation>
    </message>
    <message>
        <source>A change is waiting for the store to confirm it.</source>
        <translation>Eine Änderung wartet auf die Bestätigung des Speichers.</translation>
    </message>
    <message>
        <source>Tells every agent to stop before its next model call.</source>
        <translation>Weist jeden Agenten an, vor seinem nächsten Modellaufruf anzuhalten.</translation>
    </message>
    <message>
        <source>Lets every agent run again, also those stopped one by one.</source>
        <translation>Lässt jeden Agenten wieder laufen, auch die einzeln gestoppten.</translation>
    </message>
    <message>
        <source>Every agent that reads this kill switch stops before its next model call or tool execution, on every machine, until someone resumes them.</source>
        <translation>Jeder Agent, der diesen Notschalter liest, hält vor seinem nächsten Modellaufruf oder seiner nächsten Werkzeugausführung an, auf jedem Rechner, bis jemand die Agenten fortsetzt.</translation>
    </message>
    <message>
        <source>Stopped from the Kill switch screen</source>
        <translation>Auf der Seite Notschalter gestoppt</translation>
    </message>
    <message>
        <source>Resume all agents</source>
        <translation>Alle Agenten fortsetzen</translation>
    </message>
    <message>
        <source>Every agent may run again, also the ones stopped one by one.</source>
        <translation>Jeder Agent darf wieder laufen, auch die einzeln gestoppten.</translation>
    </message>
    <message>
        <source>Resumed from the Kill switch screen</source>
        <translation>Auf der Seite Notschalter fortgesetzt</translation>
    </message>
    <message>
        <source>Stop agent %1</source>
        <translation>Agent %1 stoppen</translation>
    </message>
    <message>
        <source>Agent %1 stops before its next model call or tool execution, on every machine.</source>
        <translation>Agent %1 hält vor seinem nächsten Modellaufruf oder seiner nächsten Werkzeugausführung an, auf jedem Rechner.</translation>
    </message>
    <message>
        <source>Resume agent %1</source>
        <translation>Agent %1 fortsetzen</translation>
    </message>
    <message>
        <source>Agent %1 may run again.</source>
        <translation>Agent %1 darf wieder laufen.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::KillSwitchReasonDialog</name>
    <message>
        <source>Reason (saved in the document and the audit trail):</source>
        <translation>Grund (wird im Dokument und im Änderungsprotokoll gespeichert):</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::KillSwitchTray</name>
    <message>
        <source>Resumed from the tray</source>
        <translation>Im Infobereich fortgesetzt</translation>
    </message>
    <message>
        <source>Stopped from the tray</source>
        <translation>Im Infobereich gestoppt</translation>
    </message>
    <message>
        <source>&amp;Stop or resume an agent</source>
        <translation>&amp;Einen Agenten stoppen oder fortsetzen</translation>
    </message>
    <message>
        <source>Kill switch: %1 confirmed</source>
        <translation>Notschalter: %1 bestätigt</translation>
    </message>
    <message>
        <source>All agents are stopped (version %1).</source>
        <translation>Alle Agenten sind gestoppt (Version %1).</translation>
    </message>
    <message>
        <source>Confirmed by the store (version %1).</source>
        <translation>Vom Speicher bestätigt (Version %1).</translation>
    </message>
    <message>
        <source>Kill switch: %1 FAILED</source>
        <translation>Notschalter: %1 FEHLGESCHLAGEN</translation>
    </message>
    <message>
        <source>The kill switch is not set up: %1</source>
        <translation>Der Notschalter ist nicht eingerichtet: %1</translation>
    </message>
    <message>
        <source>Setting up the kill switch…</source>
        <translation>Der Notschalter wird eingerichtet …</translation>
    </message>
    <message>
        <source>The kill switch&apos;s state is unknown: %1</source>
        <translation>Der Zustand des Notschalters ist unbekannt: %1</translation>
    </message>
    <message>
        <source>Reading the kill switch…</source>
        <translation>Der Notschalter wird gelesen …</translation>
    </message>
    <message>
        <source>A change is waiting for the store to confirm it.</source>
        <translation>Eine Änderung wartet auf die Bestätigung des Speichers.</translation>
    </message>
    <message>
        <source>Killing all agents… (pending)</source>
        <translation>Alle Agenten werden gestoppt … (ausstehend)</translation>
    </message>
    <message>
        <source>Resuming all agents… (pending)</source>
        <translation>Alle Agenten werden fortgesetzt … (ausstehend)</translation>
    </message>
    <message>
        <source>&amp;Resume all agents</source>
        <translation>&amp;Alle Agenten fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Kill all agents</source>
        <translation>Alle Agenten s&amp;toppen</translation>
    </message>
    <message>
        <source>Lets every agent run again.</source>
        <translation>Lässt jeden Agenten wieder laufen.</translation>
    </message>
    <message>
        <source>Tells every agent to stop before its next model call.</source>
        <translation>Weist jeden Agenten an, vor seinem nächsten Modellaufruf anzuhalten.</translation>
    </message>
    <message>
        <source>No agent sent telemetry in the last 24 hours</source>
        <translation>Kein Agent hat in den letzten 24 Stunden Telemetrie gesendet</translation>
    </message>
    <message>
        <source>Resume %1 (stopped)</source>
        <translation>%1 fortsetzen (gestoppt)</translation>
    </message>
    <message>
        <source>Stop %1 (%2 in the last hour)</source>
        <translation>%1 stoppen (%2 in der letzten Stunde)</translation>
    </message>
    <message>
        <source>A change for this agent is waiting for the store to confirm it.</source>
        <translation>Eine Änderung für diesen Agenten wartet auf die Bestätigung des Speichers.</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>noch nicht gelesen</translation>
    </message>
    <message>
        <source>No kill switch is configured: set one up in the settings.</source>
        <translation>Kein Notschalter eingerichtet: Richten Sie einen in den Einstellungen ein.</translation>
    </message>
    <message>
        <source>&amp;Kill all agents (no kill switch set up)</source>
        <translation>&amp;Alle Agenten stoppen (kein Notschalter eingerichtet)</translation>
    </message>
    <message>
        <source>&amp;Kill all agents (the kill switch settings have a problem)</source>
        <translation>&amp;Alle Agenten stoppen (die Notschalter-Einstellungen haben einen Fehler)</translation>
    </message>
    <message>
        <source>&amp;Kill all agents (setting up the kill switch…)</source>
        <translation>&amp;Alle Agenten stoppen (Notschalter wird eingerichtet …)</translation>
    </message>
    <message>
        <source>Fix the kill switch settings…</source>
        <translation>Notschalter-Einstellungen korrigieren …</translation>
    </message>
    <message>
        <source>Set up a kill switch…</source>
        <translation>Notschalter einrichten …</translation>
    </message>
    <message>
        <source>Opens the settings at the kill switch: the store that agents read.</source>
        <translation>Öffnet die Einstellungen beim Notschalter: dem Speicher, den die Agenten lesen.</translation>
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
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Kill switch</source>
        <translation>Notschalter</translation>
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
    <message>
        <source>Reconciliation</source>
        <translation>Abgleich</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Trace %1 — Burnrate</source>
        <translation>Trace %1 – Burnrate</translation>
    </message>
    <message>
        <source>Burnrate is not storing usage: %1
New spend is not counted and budgets cannot see it until this is fixed; exporters are answered 503 and send their batches again.</source>
        <translation>Burnrate speichert keine Nutzung: %1
Neue Ausgaben werden nicht gezählt und Budgets sehen sie nicht, bis das behoben ist; Exporter erhalten 503 und senden ihre Batches erneut.</translation>
    </message>
    <message>
        <source>Demo: a simulated fleet of agents is sending its past week (%1 %); today&apos;s calls follow. Its spend is stored as demo data and shown with yours.</source>
        <translation>Demo: Eine simulierte Agentenflotte sendet ihre vergangene Woche (%1 %); die heutigen Aufrufe folgen. Deren Ausgaben werden als Demo-Daten gespeichert und zusammen mit Ihren angezeigt.</translation>
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
    <name>Burnrate::Widgets::ProviderCard</name>
    <message>
        <source>Poll this provider</source>
        <translation>Diesen Anbieter abfragen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the key from the keyring and stop polling</source>
        <translation>Den Schlüssel aus dem Schlüsselbund entfernen und die Abfrage beenden</translation>
    </message>
    <message>
        <source>Admin key:</source>
        <translation>Admin-Schlüssel:</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>Basis-URL:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>How far back the first fetch reaches</source>
        <translation>Wie weit der erste Abruf zurückreicht</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>Verlauf:</translation>
    </message>
    <message>
        <source>Poll every:</source>
        <translation>Abfrage alle:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>Letzter Erfolg</translation>
    </message>
    <message>
        <source>Next poll</source>
        <translation>Nächste Abfrage</translation>
    </message>
    <message>
        <source>Rows imported</source>
        <translation>Importierte Zeilen</translation>
    </message>
    <message>
        <source>Fetching history: %p %</source>
        <translation>Verlauf wird abgerufen: %p %</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>One small request per endpoint with the key typed above, or the saved one, to the saved base URL. Nothing is stored.</source>
        <translation>Eine kleine Anfrage pro Endpoint mit dem oben eingegebenen oder dem gespeicherten Schlüssel an die gespeicherte Basis-URL. Es wird nichts gespeichert.</translation>
    </message>
    <message>
        <source>Poll now</source>
        <translation>Jetzt abfragen</translation>
    </message>
    <message>
        <source>Set by %1</source>
        <translation>Gesetzt durch %1</translation>
    </message>
    <message>
        <source>%1 is set, so Burnrate uses its value. Unset it to manage the key here.</source>
        <translation>%1 ist gesetzt, daher verwendet Burnrate deren Wert. Entfernen Sie die Variable, um den Schlüssel hier zu verwalten.</translation>
    </message>
    <message>
        <source>Reading the keyring…</source>
        <translation>Schlüsselbund wird gelesen…</translation>
    </message>
    <message>
        <source>Stored in the keyring</source>
        <translation>Im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <source>Paste the admin key</source>
        <translation>Admin-Schlüssel einfügen</translation>
    </message>
    <message>
        <source>Enter the admin key to start polling.</source>
        <translation>Geben Sie den Admin-Schlüssel ein, um die Abfrage zu starten.</translation>
    </message>
    <message>
        <source>The settings could not be written to %1, so they last only until Burnrate quits. Check that the file and its folder are writable.</source>
        <translation>Die Einstellungen konnten nicht in %1 geschrieben werden und gelten daher nur, bis Burnrate beendet wird. Prüfen Sie, ob die Datei und ihr Ordner beschreibbar sind.</translation>
    </message>
    <message>
        <source>Saving the key in the keyring…</source>
        <translation>Der Schlüssel wird im Schlüsselbund gespeichert…</translation>
    </message>
    <message>
        <source>The key could not be saved in the keyring, so Burnrate uses it only until it quits. %1</source>
        <translation>Der Schlüssel konnte nicht im Schlüsselbund gespeichert werden, daher verwendet Burnrate ihn nur, bis es beendet wird. %1</translation>
    </message>
    <message>
        <source>The key is saved in the keyring.</source>
        <translation>Der Schlüssel ist im Schlüsselbund gespeichert.</translation>
    </message>
    <message>
        <source>The key could not be removed from the keyring. %1</source>
        <translation>Der Schlüssel konnte nicht aus dem Schlüsselbund entfernt werden. %1</translation>
    </message>
    <message>
        <source>The key was removed from the keyring.</source>
        <translation>Der Schlüssel wurde aus dem Schlüsselbund entfernt.</translation>
    </message>
    <message>
        <source>Enter an admin key to test it.</source>
        <translation>Geben Sie einen Admin-Schlüssel ein, um ihn zu testen.</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Die Verbindung wird getestet…</translation>
    </message>
    <message>
        <source>The connection works, and the key may read what Burnrate polls.</source>
        <translation>Die Verbindung funktioniert, und der Schlüssel darf lesen, was Burnrate abfragt.</translation>
    </message>
    <message>
        <source>%1: last success %2, %3 rows</source>
        <translation>%1: letzter Erfolg %2, %3 Zeilen</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Needs an admin key</source>
        <translation>Admin-Schlüssel fehlt</translation>
    </message>
    <message>
        <source>Fetching history</source>
        <translation>Verlauf wird abgerufen</translation>
    </message>
    <message>
        <source>Polling…</source>
        <translation>Abfrage läuft…</translation>
    </message>
    <message>
        <source>Failing</source>
        <translation>Fehlerhaft</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Funktioniert</translation>
    </message>
    <message>
        <source>Waiting for the first poll</source>
        <translation>Wartet auf die erste Abfrage</translation>
    </message>
    <message>
        <source>polling now</source>
        <translation>Abfrage läuft</translation>
    </message>
    <message>
        <source>once a key is saved</source>
        <translation>sobald ein Schlüssel gespeichert ist</translation>
    </message>
    <message>
        <source>not scheduled</source>
        <translation>nicht geplant</translation>
    </message>
    <message>
        <source>Credits left</source>
        <translation>Restguthaben</translation>
    </message>
    <message>
        <source>Key limit</source>
        <translation>Limit des Schlüssels</translation>
    </message>
    <message>
        <source>%1 of %2 bought</source>
        <translation>%1 von %2 gekauft</translation>
    </message>
    <message>
        <source>No limit on this key</source>
        <translation>Kein Limit für diesen Schlüssel</translation>
    </message>
    <message>
        <source>%1 of %2 left today</source>
        <translation>%1 von %2 heute übrig</translation>
    </message>
    <message>
        <source>%1 of %2 left this week</source>
        <translation>%1 von %2 diese Woche übrig</translation>
    </message>
    <message>
        <source>%1 of %2 left this month</source>
        <translation>%1 von %2 diesen Monat übrig</translation>
    </message>
    <message>
        <source>%1 of %2 left</source>
        <translation>%1 von %2 übrig</translation>
    </message>
    <message>
        <source>Spent with this key today: %1, this month: %2</source>
        <translation>Mit diesem Schlüssel heute ausgegeben: %1, diesen Monat: %2</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::ReconciliationPage</name>
    <message>
        <source>%1 d</source>
        <translation>%1 T</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>Abgerechnet</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>Days are UTC days, as the providers bill them. Providers revise the last day or two, so a gap on a recent day may close by itself. Point at a cause for its explanation.</source>
        <translation>Tage sind UTC-Tage, wie die Anbieter abrechnen. Die Anbieter korrigieren die letzten ein, zwei Tage, daher kann sich eine Differenz an einem der letzten Tage von selbst schließen. Zeigen Sie auf eine Ursache, um ihre Erklärung zu sehen.</translation>
    </message>
    <message>
        <source>Compare your bill with what Burnrate measured</source>
        <translation>Vergleichen Sie Ihre Rechnung mit dem, was Burnrate gemessen hat</translation>
    </message>
    <message>
        <source>Billed figures come from the providers&apos; admin APIs: the usage and cost reports of OpenAI and Anthropic, and OpenRouter&apos;s activity. Enable a provider on the Sources screen and enter its admin key; Burnrate then fetches the last 30 days and shows them here beside the spend it measured, with the difference and its likely causes: calls no agent reported, models without a price, cache pricing, and figures the provider has not finished.</source>
        <translation>Abgerechnete Zahlen stammen aus den Admin-APIs der Anbieter: den Nutzungs- und Kostenberichten von OpenAI und Anthropic und der Aktivität von OpenRouter. Aktivieren Sie einen Anbieter unter „Quellen“ und geben Sie seinen Admin-Schlüssel ein; Burnrate ruft dann die letzten 30 Tage ab und zeigt sie hier neben den gemessenen Ausgaben, mit der Differenz und ihren wahrscheinlichen Ursachen: Aufrufe, die kein Agent gemeldet hat, Modelle ohne Preis, Cache-Preise und Zahlen, die der Anbieter noch nicht abgeschlossen hat.</translation>
    </message>
    <message>
        <source>Open Sources</source>
        <translation>Quellen öffnen</translation>
    </message>
    <message>
        <source>Nothing billed or measured in the last %1 days yet. The first fetch from the providers may still be running: Sources shows its progress.</source>
        <translation>In den letzten %1 Tagen wurde noch nichts abgerechnet oder gemessen. Der erste Abruf bei den Anbietern läuft vielleicht noch: „Quellen“ zeigt seinen Fortschritt.</translation>
    </message>
    <message>
        <source>Billed and measured spend, last %1 days</source>
        <translation>Abgerechnete und gemessene Ausgaben, letzte %1 Tage</translation>
    </message>
    <message>
        <source>from the providers&apos; cost reports</source>
        <translation>aus den Kostenberichten der Anbieter</translation>
    </message>
    <message>
        <source>1 call from telemetry</source>
        <translation>1 Aufruf aus der Telemetrie</translation>
    </message>
    <message>
        <source>%1 calls from telemetry</source>
        <translation>%1 Aufrufe aus der Telemetrie</translation>
    </message>
    <message>
        <source>billed and measured agree</source>
        <translation>abgerechnet und gemessen stimmen überein</translation>
    </message>
    <message>
        <source>%1 % of billed; %2 of %3 rows differ</source>
        <translation>%1 % des Abgerechneten; %2 von %3 Zeilen weichen ab</translation>
    </message>
    <message>
        <source>%1 of %2 rows differ</source>
        <translation>%1 von %2 Zeilen weichen ab</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::SessionsView</name>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Show calls</source>
        <translation>Aufrufe zeigen</translation>
    </message>
    <message>
        <source>Loading the sessions of the range…</source>
        <translation>Die Sitzungen des Zeitraums werden geladen…</translation>
    </message>
    <message>
        <source>No session had a call in this range. Calls carry a session when the agent sets session.id (or gen_ai.conversation.id) on its spans.</source>
        <translation>In diesem Zeitraum hatte keine Sitzung einen Aufruf. Aufrufe gehören zu einer Sitzung, wenn der Agent session.id (oder gen_ai.conversation.id) an seinen Spans setzt.</translation>
    </message>
    <message>
        <source>Showing the %1 most expensive sessions of the range.</source>
        <translation>Angezeigt werden die %1 teuersten Sitzungen des Zeitraums.</translation>
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
    <message>
        <source>Kill switch</source>
        <translation>Notschalter</translation>
    </message>
    <message>
        <source>etcd key</source>
        <translation>etcd-Schlüssel</translation>
    </message>
    <message>
        <source>HTTPS document</source>
        <translation>HTTPS-Dokument</translation>
    </message>
    <message>
        <source>Store:</source>
        <translation>Speicher:</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>etcd key:</source>
        <translation>etcd-Schlüssel:</translation>
    </message>
    <message>
        <source>None: etcd without authentication</source>
        <translation>Keiner: etcd ohne Anmeldung</translation>
    </message>
    <message>
        <source>etcd user:</source>
        <translation>etcd-Benutzer:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Read every:</source>
        <translation>Lesen alle:</translation>
    </message>
    <message>
        <source>etcd password:</source>
        <translation>etcd-Passwort:</translation>
    </message>
    <message>
        <source>Bearer token:</source>
        <translation>Bearer-Token:</translation>
    </message>
    <message>
        <source>Unchanged (kept in the keyring)</source>
        <translation>Unverändert (im Schlüsselbund gespeichert)</translation>
    </message>
    <message>
        <source>No kill switch: agents cannot be stopped from Burnrate. Give the URL of an etcd server or of an HTTPS document that your agents read.</source>
        <translation>Kein Notschalter: Agenten lassen sich nicht aus Burnrate stoppen. Geben Sie die URL eines etcd-Servers oder eines HTTPS-Dokuments an, das Ihre Agenten lesen.</translation>
    </message>
    <message>
        <source>The password or token is kept in the system keyring, not in burnrate.conf. Burnrate reads the store again when you press OK.</source>
        <translation>Passwort oder Token liegen im Schlüsselbund des Systems, nicht in burnrate.conf. Burnrate liest den Speicher erneut, sobald Sie OK drücken.</translation>
    </message>
    <message>
        <source>Saving the kill switch&apos;s secret in the keyring…</source>
        <translation>Das Geheimnis des Notschalters wird im Schlüsselbund gespeichert…</translation>
    </message>
    <message>
        <source>The kill switch&apos;s secret could not be saved in the keyring. %1</source>
        <translation>Das Geheimnis des Notschalters konnte nicht im Schlüsselbund gespeichert werden. %1</translation>
    </message>
    <message>
        <source>%1 (set by --config)</source>
        <translation>%1 (gesetzt durch --config)</translation>
    </message>
    <message>
        <source>Settings file:</source>
        <translation>Einstellungsdatei:</translation>
    </message>
    <message>
        <source>Edit saved value</source>
        <translation>Gespeicherten Wert bearbeiten</translation>
    </message>
    <message>
        <source>Change the value in the settings file, for the starts without %1</source>
        <translation>Den Wert in der Einstellungsdatei ändern, für Starts ohne %1</translation>
    </message>
    <message>
        <source>the default</source>
        <translation>den Standardwert</translation>
    </message>
    <message>
        <source>Editing the value in %1: it applies when Burnrate starts without %2. This run keeps %3.</source>
        <translation>Sie bearbeiten den Wert in %1: Er gilt, wenn Burnrate ohne %2 startet. Dieser Lauf behält %3.</translation>
    </message>
    <message>
        <source>Set by %1 on the command line for this run. %2 has %3, which applies when Burnrate starts without %1.</source>
        <translation>Für diesen Lauf durch %1 auf der Kommandozeile gesetzt. %2 enthält %3; das gilt, wenn Burnrate ohne %1 startet.</translation>
    </message>
</context>
<context>
    <name>Burnrate::Widgets::SourcesPage</name>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>vor %1 Min.</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>vor %1 Std.</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation>in %1 s</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>in %1 Min.</translation>
    </message>
    <message>
        <source>in %1 h</source>
        <translation>in %1 Std.</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>Costs</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Key and credits</source>
        <translation>Schlüssel und Guthaben</translation>
    </message>
    <message>
        <source>Needs an admin key (sk-admin-…), which organization owners create under Settings, Organization, Admin keys on platform.openai.com.</source>
        <translation>Benötigt einen Admin-Schlüssel (sk-admin-…), den Inhaber der Organisation auf platform.openai.com unter Settings, Organization, Admin keys erstellen.</translation>
    </message>
    <message>
        <source>Needs an Admin API key (sk-ant-admin01-…), which organization admins create in the Claude Console. Individual accounts have no Admin API.</source>
        <translation>Benötigt einen Admin-API-Schlüssel (sk-ant-admin01-…), den Admins der Organisation in der Claude Console erstellen. Einzelkonten haben keine Admin-API.</translation>
    </message>
    <message>
        <source>Needs a management key from openrouter.ai: ordinary API keys cannot read the activity or the credits.</source>
        <translation>Benötigt einen Management-Schlüssel von openrouter.ai: Gewöhnliche API-Schlüssel können weder die Aktivität noch das Guthaben lesen.</translation>
    </message>
    <message>
        <source>OpenTelemetry receiver</source>
        <translation>OpenTelemetry-Empfänger</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Token required</source>
        <translation>Token erforderlich</translation>
    </message>
    <message>
        <source>Spans received</source>
        <translation>Empfangene Spans</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Batches</translation>
    </message>
    <message>
        <source>Calls stored</source>
        <translation>Gespeicherte Aufrufe</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>yes, a bearer token</source>
        <translation>ja, ein Bearer-Token</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Point your agents&apos; OTLP/HTTP exporter at this address (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=%1) with the header Authorization: Bearer and the token from Settings. `burnrate import` stores OTLP files. The counts are since the receiver started.</source>
        <translation>Richten Sie den OTLP/HTTP-Exporter Ihrer Agenten auf diese Adresse (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=%1), mit dem Header Authorization: Bearer und dem Token aus den Einstellungen. `burnrate import` speichert OTLP-Dateien. Die Zähler gelten seit dem Start des Empfängers.</translation>
    </message>
    <message>
        <source>Point your agents&apos; OTLP/HTTP exporter at this address (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=%1). `burnrate import` stores OTLP files. The counts are since the receiver started.</source>
        <translation>Richten Sie den OTLP/HTTP-Exporter Ihrer Agenten auf diese Adresse (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=%1). `burnrate import` speichert OTLP-Dateien. Die Zähler gelten seit dem Start des Empfängers.</translation>
    </message>
    <message>
        <source>Provider bills</source>
        <translation>Rechnungen der Anbieter</translation>
    </message>
    <message>
        <source>Burnrate polls the providers&apos; admin APIs for what they bill: the figures the Reconciliation screen compares with the spend it measured, including calls that no agent reported.</source>
        <translation>Burnrate fragt bei den Admin-APIs der Anbieter ab, was sie abrechnen: die Zahlen, die der Abgleich mit den gemessenen Ausgaben vergleicht, einschließlich der Aufrufe, die kein Agent gemeldet hat.</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>Läuft nicht</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>Empfangsbereit</translation>
    </message>
    <message>
        <source>%1 spans, %2 requests</source>
        <translation>%1 Spans, %2 Anfragen</translation>
    </message>
    <message>
        <source>Last error, %1: %2</source>
        <translation>Letzter Fehler, %1: %2</translation>
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
    <name>Burnrate::Widgets::TraceView</name>
    <message>
        <source>Trace</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>Show calls</source>
        <translation>Aufrufe zeigen</translation>
    </message>
    <message>
        <source>Trace %1</source>
        <translation>Trace %1</translation>
    </message>
    <message>
        <source>%1 · model calls: %2 · agents: %3 · %4 · started %5</source>
        <translation>%1 · Modellaufrufe: %2 · Agenten: %3 · %4 · Beginn %5</translation>
    </message>
    <message>
        <source>No agent or tool spans are stored for this trace, only its model calls: they are grouped by the agent that made them.</source>
        <translation>Für diesen Trace sind keine Agent- oder Tool-Spans gespeichert, nur seine Modellaufrufe: Sie sind nach dem Agenten gruppiert, der sie gemacht hat.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
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
    <message>
        <source>Budget &apos;%1&apos; recovered</source>
        <translation>Budget „%1“ wieder im Rahmen</translation>
    </message>
    <message>
        <source>Budget &apos;%1&apos; at %2 %</source>
        <translation>Budget „%1“ bei %2 %</translation>
    </message>
    <message>
        <source>Budget &apos;%1&apos; on track to exceed its limit</source>
        <translation>Budget „%1“ überschreitet voraussichtlich sein Limit</translation>
    </message>
    <message>
        <source>Unusual spend: %1</source>
        <translation>Ungewöhnliche Ausgaben: %1</translation>
    </message>
    <message>
        <source>Agent in a loop: %1</source>
        <translation>Agent in einer Schleife: %1</translation>
    </message>
    <message>
        <source>Automatic kill</source>
        <translation>Automatische Abschaltung</translation>
    </message>
    <message>
        <source>All agents stopped (kill switch on)</source>
        <translation>Alle Agenten gestoppt (Notschalter an)</translation>
    </message>
    <message>
        <source>Kill switch state unknown: %1</source>
        <translation>Zustand des Notschalters unbekannt: %1</translation>
    </message>
    <message>
        <source>Usage is not being stored</source>
        <translation>Nutzung wird nicht gespeichert</translation>
    </message>
    <message>
        <source>%1
New spend is not counted and budgets cannot see it until this is fixed.</source>
        <translation>%1
Neue Ausgaben werden nicht gezählt und Budgets sehen sie nicht, bis das behoben ist.</translation>
    </message>
    <message>
        <source>Storing usage again</source>
        <translation>Nutzung wird wieder gespeichert</translation>
    </message>
    <message>
        <source>Burnrate is counting new spend again.</source>
        <translation>Burnrate zählt neue Ausgaben wieder.</translation>
    </message>
    <message>
        <source>Not storing usage: %1</source>
        <translation>Nutzung wird nicht gespeichert: %1</translation>
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
  report   spend grouped by any dimension (--billed, --reconcile)
  import   store the calls from OTLP trace files
  budget   list, add or remove budgets
  alerts   the alerts raised (budgets, anomalies, loops)
  kill     the kill switch: status, on, off (all agents or one)
Run &apos;burnrate &lt;subcommand&gt; --help&apos; for their options.</source>
        <translation>Überwacht, was LLM-Agenten kosten, und stoppt sie, wenn sie außer Kontrolle geraten.

Unterbefehle:
  report   Ausgaben, gruppiert nach beliebigen Dimensionen (--billed, --reconcile)
  import   Aufrufe aus OTLP-Trace-Dateien speichern
  budget   Budgets auflisten, anlegen oder entfernen
  alerts   die ausgelösten Alarme (Budgets, Anomalien, Schleifen)
  kill     der Notschalter: status, on, off (alle Agenten oder einer)
Die Optionen zeigt &apos;burnrate &lt;Unterbefehl&gt; --help&apos;.</translation>
    </message>
    <message>
        <source>Burnrate is upgrading its database %1 to a newer format. On a large database this takes a minute or two; the window opens when it is done.</source>
        <translation>Burnrate aktualisiert seine Datenbank %1 auf ein neueres Format. Bei einer großen Datenbank dauert das ein bis zwei Minuten; das Fenster öffnet sich danach.</translation>
    </message>
</context>
</TS>
