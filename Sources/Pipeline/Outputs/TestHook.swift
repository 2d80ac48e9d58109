import Foundation

/// Points where the fault-injection tests stop the process (`IXAUDIT_TEST_HOOK`):
/// `kill-before-publish` and `kill-after-exchange` send it SIGKILL there, `pause-before-publish`
/// sleeps five seconds there (a second run meets the first one's lock, then the first one
/// finishes), `hold-before-publish` a minute (a SIGTERM while the staging directory is complete
/// lands there however slow the machine: it never reaches the publish first).
enum TestHook: String {
    case beforePublish = "before-publish"
    case afterExchange = "after-exchange"

    static func at(_ point: TestHook) {
        guard let hook = ProcessInfo.processInfo.environment["IXAUDIT_TEST_HOOK"] else { return }
        if hook == "kill-" + point.rawValue { kill(getpid(), SIGKILL) }
        // sleep() returns early when a signal interrupts it: sleep out the rest.
        var left: UInt32 = hook == "pause-" + point.rawValue ? 5 : hook == "hold-" + point.rawValue ? 60 : 0
        while left > 0 { left = sleep(left) }
    }
}
