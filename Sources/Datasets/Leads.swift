/// The fixed lead order of every store and window: I, II, V1–V6, III, aVR, aVL, aVF (docs/method.md §1.3).
public enum Leads {
    /// Canonical names in store order.
    public static let canonical = ["I", "II", "V1", "V2", "V3", "V4", "V5", "V6", "III", "aVR", "aVL", "aVF"]
    /// Number of leads in a store.
    public static let count = 12

    /// The store slot for a lead name as files spell it ("AVR", "aVR", "DI", "MLII"…), or nil.
    public static func slot(of name: String) -> Int? {
        let n = name[...].trimmedOfWhitespace().uppercased()
        switch n {
        case "I", "DI", "LEAD I", "L1": return 0
        case "II", "DII", "LEAD II", "MLII", "L2": return 1
        case "III", "DIII", "LEAD III", "L3": return 8
        case "AVR": return 9
        case "AVL": return 10
        case "AVF": return 11
        default:
            if n.hasPrefix("V"), let k = Int(n.dropFirst()), (1...6).contains(k) { return 1 + k }
            return nil
        }
    }
}

import Foundation
