import Foundation
import Archives
import Datasets

/// The archive readers datasets and checkpoints come in.
enum ArchiveTargets {
    /// Opens the zip and reads every entry (inflating and CRC-checking it).
    static let zip = FuzzTarget("zip") { data in
        let archive = try ZipArchive(data: data, path: "fuzz.zip")
        for entry in archive.entries { _ = try? archive.data(for: entry) }
    }

    /// A plain tar stream read member by member from memory.
    static let tar = FuzzTarget("tar") { data in
        var reader = TarReader(source: DataByteSource(data))
        while try reader.next() != nil {}
    }

    /// A `.tar.gz` on disk, through the streaming gunzip and the dataset source built on it.
    static let targz = FuzzTarget("targz") { data in
        let url = try FuzzInput.file("fuzz.tar.gz", data)
        let source = try TarGzFileSource(url: url)
        _ = try source.files(withSuffix: "")
    }
}

/// A forward-only byte source over bytes in memory.
final class DataByteSource: ByteSource {
    private let data: Data
    private var position = 0
    init(_ data: Data) { self.data = Data(data) }
    var sourceName: String { "fuzz.tar" }

    func read(_ count: Int) throws -> Data {
        let n = max(0, min(count, data.count - position))
        defer { position += n }
        return data.subdata(in: position..<(position + n))
    }
}
