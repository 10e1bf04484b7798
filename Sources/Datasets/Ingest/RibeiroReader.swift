import CHDF5
import Foundation

/// The CODE test set of Ribeiro et al. 2020: `ecg_tracings.hdf5` with dataset `tracings`
/// [N, 4096, 12] float32 at 400 Hz, leads DI, DII, DIII, AVR, AVL, AVF, V1–V6, values taken as mV
/// (the authors' README: multiply volts by 1000). Zero padding is removed as the reference does:
/// with z all-zero rows, ⌊z/2⌋ rows are trimmed from each end. Labels from
/// `annotations/gold_standard.csv` (1dAVb, RBBB, LBBB, SB, AF, ST) when present → set `ribeiro`
/// with PTB-XL's names (1AVB, RBBB, LBBB, SBRAD, AFIB, STACH). Folds 0…9 by position.
public struct RibeiroReader: CorpusReader {
    public let source: FileSource
    public static let samplingRate = 400.0
    static let leadOrder = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
    static let labelColumns = [("1dAVb", "1AVB"), ("RBBB", "RBBB"), ("LBBB", "LBBB"), ("SB", "SBRAD"), ("AF", "AFIB"), ("ST", "STACH")]
    static let fileName = "ecg_tracings.hdf5", labelFile = "annotations/gold_standard.csv"

    public init(source: FileSource) { self.source = source }
    public var labelSets: [String] { source.exists(Self.labelFile) ? ["ribeiro"] : [] }

    private var path: String {
        guard let d = source as? DirectorySource else { return Self.fileName }
        return d.url(Self.fileName).path
    }

    public func items() throws -> [CorpusItem] {
        let file = try HDF5Tensor(path: path, dataset: "tracings")
        let n = file.dims[0]
        var labels = [[String]](repeating: [], count: n)
        let hasLabels = source.exists(Self.labelFile)
        if hasLabels {
            let t = try CSVTable.parse(try source.data(at: Self.labelFile), file: source.displayName + "/" + Self.labelFile)
            guard t.rows.count == n else {
                throw DatasetError(file: t.file, "\(t.rows.count) label rows for \(n) tracings")
            }
            let cols = try Self.labelColumns.map { (try t.column($0.0), $0.1) }
            for (r, row) in t.rows.enumerated() {
                for (c, name) in cols {
                    switch row[c] {
                    case "1", "1.0": labels[r].append(name)
                    case "0", "0.0": break
                    default: throw t.error(row: r, column: c, "'\(row[c])' is not 0 or 1")
                    }
                }
            }
        }
        return (0..<n).map { k in
            CorpusItem(id: String(k), source: Self.fileName, fold: k % 10,
                       labels: hasLabels ? ["ribeiro": labels[k]] : [:], position: k)
        }
    }

    public func load(_ item: CorpusItem) throws -> [LeadSignal] {
        let file = try HDF5Tensor(path: path, dataset: "tracings")
        let (t, c) = (file.dims[1], file.dims[2])
        guard c == 12 else { throw DatasetError(file: path, record: item.id, "tracings have \(c) leads, expected 12") }
        let x = try file.read(row: item.position)
        // Trim the symmetric zero padding.
        var zeroRows = 0
        for r in 0..<t where (0..<c).allSatisfy({ x[r * c + $0] == 0 }) { zeroRows += 1 }
        let cut = zeroRows / 2
        let rows = (cut)..<(t - cut)
        return (0..<c).map { lead in
            LeadSignal(slot: Leads.slot(of: Self.leadOrder[lead])!, samples: rows.map { x[$0 * c + lead] }, rate: Self.samplingRate)
        }
    }
}

/// A 3-D float32 HDF5 dataset read one leading-index slice at a time (libhdf5 is not thread-safe:
/// every call holds a global lock).
struct HDF5Tensor {
    let path: String
    let dataset: String
    let dims: [Int]
    static let lock = NSLock()

    /// The dataset, once `HDF5Probe` has read the file through in a child process.
    init(path: String, dataset: String) throws {
        try HDF5Probe.check(path: path, dataset: dataset)
        try self.init(unprobedPath: path, dataset: dataset)
    }

    /// The dataset, read by this process directly: for the probe itself.
    init(unprobedPath path: String, dataset: String) throws {
        self.path = path
        self.dataset = dataset
        let (dims, chunk) = try Self.withDataset(path: path, dataset: dataset) { d, space in
            let rank = Int(H5Sget_simple_extent_ndims(space))
            guard rank == 3 else { throw DatasetError(file: path, "dataset '\(dataset)' has rank \(rank), expected 3") }
            var dims = [hsize_t](repeating: 0, count: 3)
            H5Sget_simple_extent_dims(space, &dims, nil)
            // libhdf5 converts through a buffer sized by the stored element: it must be a real float.
            let type = H5Dget_type(d)
            defer { H5Tclose(type) }
            let size = H5Tget_size(type)
            guard type >= 0, H5Tget_class(type) == H5T_FLOAT, size == 4 || size == 8 else {
                throw DatasetError(file: path, "dataset '\(dataset)' does not hold float32 or float64 values (element size \(size) bytes)")
            }
            // libhdf5 allocates a whole chunk to read any part of it.
            var chunk = [hsize_t](repeating: 0, count: 3)
            let plist = H5Dget_create_plist(d)
            defer { H5Pclose(plist) }
            if plist >= 0, H5Pget_layout(plist) == H5D_CHUNKED, H5Pget_chunk(plist, 3, &chunk) < 0 {
                throw DatasetError(file: path, "dataset '\(dataset)' has an unreadable chunk layout")
            }
            return (dims, chunk)
        }
        func ints(_ v: [hsize_t]) -> [Int] { v.map { Int(exactly: $0) ?? .max } }
        self.dims = ints(dims)
        try Self.checkDeclaredSize(self.dims, path: path, dataset: dataset)
        try Self.checkDeclaredSize(ints(chunk), path: path, dataset: dataset, what: "chunks of")
    }

    /// Chunked HDF5 datasets may declare any shape in a few bytes (unwritten chunks read as fill
    /// values); readers allocate by that shape, so it must be one the file could plausibly hold.
    /// Real tracings are stored uncompressed or lightly compressed: 64× the file size is generous.
    /// The same holds for one chunk, which libhdf5 allocates whole to read any slice of it.
    static func checkDeclaredSize(_ dims: [Int], path: String, dataset: String, what: String = "shape") throws {
        let fileSize = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        let limit = max(64 * fileSize, 1 << 20)
        var bytes = 4
        for d in dims {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: d)
            bytes = overflow ? .max : product
        }
        guard bytes <= limit else {
            throw DatasetError(file: path, "dataset '\(dataset)' declares \(what) \(dims.map(String.init).joined(separator: "×")) of float32, far more than the \(fileSize)-byte file can hold")
        }
    }

    func read(row: Int) throws -> [Float] {
        let (path, dims) = (self.path, self.dims)
        return try Self.withDataset(path: path, dataset: dataset) { d, space in
            var start: [hsize_t] = [hsize_t(row), 0, 0]
            var count: [hsize_t] = [1, hsize_t(dims[1]), hsize_t(dims[2])]
            H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, nil, &count, nil)
            let mem = H5Screate_simple(3, &count, nil)
            defer { H5Sclose(mem) }
            var out = [Float](repeating: 0, count: dims[1] * dims[2])
            let status = out.withUnsafeMutableBytes { H5Dread(d, H5T_NATIVE_FLOAT_g, mem, space, hid_t(0), $0.baseAddress) }
            guard status >= 0 else { throw DatasetError(file: path, record: String(row), "HDF5 read failed") }
            return out
        }
    }

    /// Opens the file read-only and the dataset with its dataspace for `body`, under the global
    /// lock, and closes all three afterwards.
    private static func withDataset<T>(path: String, dataset: String, _ body: (hid_t, hid_t) throws -> T) throws -> T {
        lock.lock(); defer { lock.unlock() }
        H5open()
        H5Eset_auto2(hid_t(0), nil, nil)  // errors are reported by us, not printed by libhdf5
        let f = H5Fopen(path, 0 /* H5F_ACC_RDONLY */, hid_t(0) /* H5P_DEFAULT */)
        guard f >= 0 else { throw DatasetError(file: path, "cannot open as HDF5") }
        defer { H5Fclose(f) }
        let d = H5Dopen2(f, dataset, hid_t(0))
        guard d >= 0 else { throw DatasetError(file: path, "no dataset '\(dataset)'") }
        defer { H5Dclose(d) }
        let space = H5Dget_space(d)
        defer { H5Sclose(space) }
        return try body(d, space)
    }
}
