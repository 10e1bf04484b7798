import XCTest
import Augment

final class TransformCatalogTests: XCTestCase {
    func testFullNamesAndAbbreviationsResolve() throws {
        let pairs: [(String, TransformKind)] = [
            ("RRC", .randomResizedCrop), ("TO", .timeOut), ("DTW", .dynamicTimeWarp), ("ChR", .channelResize),
            ("GN", .gaussianNoise), ("GB", .gaussianBlur), ("BlW", .baselineWander), ("PlN", .powerlineNoise),
            ("EM", .emNoise), ("BlS", .baselineShift), ("TW", .timeWarp),
        ]
        for (abbr, kind) in pairs {
            XCTAssertEqual(try TransformKind(name: abbr), kind)
            XCTAssertEqual(try TransformKind(name: kind.rawValue), kind)
        }
        for extra in ["Normalize", "Negation", "DownSample"] { XCTAssertNoThrow(try TransformKind(name: extra)) }
        let p = try AugmentationPipeline.parse(" RandomResizedCrop , TO")
        XCTAssertEqual(p.transforms.map(\.kind), [.randomResizedCrop, .timeOut])
        XCTAssertEqual(p.abbreviations, "RRC TO")
    }

    func testUnknownNameListsValidNames() {
        XCTAssertThrowsError(try makeTransform("rrc")) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("'rrc'"), m)
            for n in ["RandomResizedCrop (RRC)", "TimeOut (TO)", "BaselineShift (BlS)", "Normalize"] {
                XCTAssertTrue(m.contains(n), m)
            }
        }
        XCTAssertThrowsError(try AugmentationPipeline.parse("RRC,Blur"))
    }

    func testDefaultsAreTheReferenceEffectiveValues() throws {
        func values(_ n: String) throws -> [String: TransformParameter] { try makeTransform(n).parameters.values }
        XCTAssertEqual(try values("RRC"), ["crop_ratio_range": .interval(0.5, 1)])
        XCTAssertEqual(try values("TO"), ["crop_ratio_range": .interval(0.2, 0.4)])
        XCTAssertEqual(try values("ChR"), ["magnitude_range": .interval(0.5, 2)])
        XCTAssertEqual(try values("GN"), ["scale": .number(0.005)])
        XCTAssertEqual(try values("DTW"), ["warps": .number(3), "radius": .number(10), "step": .number(2)])
        XCTAssertEqual(try values("BlW"), ["cmax": .number(0.1), "fc": .number(0.5), "fdelta": .number(0.01)])
        XCTAssertEqual(try values("PlN"), ["cmax": .number(0.2), "fn": .number(50), "harmonics": .number(3)])
        XCTAssertEqual(try values("EM"), ["cmax": .number(0.5)])
        XCTAssertEqual(try values("BlS")["cmax"], .number(1))
        XCTAssertEqual(try makeTransform("RRC", ["crop_ratio_range": .interval(0.6, 0.9)]).description,
                       "RandomResizedCrop(crop_ratio_range=[0.6, 0.9])")
    }

    func testBadParametersAreRejectedWithTheValidRange() {
        func message(_ name: String, _ p: [String: TransformParameter]) -> String {
            do { _ = try makeTransform(name, p); return "no error" } catch { return "\(error)" }
        }
        let unknown = message("RRC", ["output_size": .number(250)])
        XCTAssertTrue(unknown.contains("unknown parameter 'output_size'") && unknown.contains("crop_ratio_range"), unknown)
        XCTAssertTrue(message("GB", ["scale": .number(1)]).contains("takes no parameters"))
        let range = message("RRC", ["crop_ratio_range": .interval(0.5, 1.5)])
        XCTAssertTrue(range.contains("out of range") && range.contains("0 < value <= 1"), range)
        XCTAssertTrue(message("TO", ["crop_ratio_range": .interval(0.4, 0.2)]).contains("low <= high"))
        XCTAssertTrue(message("TO", ["crop_ratio_range": .interval(0.2, 1)]).contains("0 <= value < 1"))
        XCTAssertTrue(message("GN", ["scale": .number(-0.1)]).contains("0 <= value <= 100"))
        XCTAssertTrue(message("GN", ["scale": .number(.nan)]).contains("out of range"))
        XCTAssertTrue(message("DTW", ["warps": .number(2.5)]).contains("expected an integer"))
        XCTAssertTrue(message("ChR", ["magnitude_range": .number(2)]).contains("expected an interval"))
        XCTAssertTrue(message("EM", ["cmax": .interval(0, 1)]).contains("expected a number"))
        XCTAssertTrue(message("BlW", ["fc": .number(60)]).contains("0 < value <= 50"))
        XCTAssertEqual(message("DTW", ["warps": .number(5), "radius": .number(5)]), "no error")
    }

    func testWindowRequirements() throws {
        XCTAssertThrowsError(try makeTransform("RRC").validate(leads: 12, length: 3))
        XCTAssertNoThrow(try makeTransform("RRC").validate(leads: 12, length: 4))
        XCTAssertThrowsError(try makeTransform("TO").validate(leads: 0, length: 250))
    }
}
