// The longest time a thread's event loop goes without a turn, measured with a 1 ms timer: what a user
// sees as a frozen window when it is the GUI thread. Counts from construction; create it on the thread
// to watch, and run that thread's event loop meanwhile.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <algorithm>

namespace Burnrate::Bench {

class StallMeter
{
public:
    StallMeter()
    {
        m_tick.setInterval(1);
        QObject::connect(&m_tick, &QTimer::timeout, [this] {
            m_longestNs = std::max(m_longestNs, m_sinceTick.nsecsElapsed());
            m_sinceTick.restart();
        });
        m_sinceTick.start();
        m_tick.start();
    }

    // The longest gap so far, the one still open included.
    double longestMs() const { return double(std::max(m_longestNs, m_sinceTick.nsecsElapsed())) / 1e6; }

private:
    QElapsedTimer m_sinceTick;
    qint64 m_longestNs = 0;
    QTimer m_tick;
};

} // namespace Burnrate::Bench
