import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A read-only memory mapping of a whole file, unmapped when the last reference goes away.
final class MappedFile: @unchecked Sendable {
    let pointer: UnsafeRawPointer
    let size: Int

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DatasetError(file: path, "cannot open for reading (errno \(errno))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DatasetError(file: path, "cannot stat (errno \(errno))") }
        size = Int(st.st_size)
        if size == 0 {
            pointer = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 16))
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw DatasetError(file: path, "cannot memory-map (errno \(errno))")
        }
        pointer = UnsafeRawPointer(p)
    }

    deinit {
        if size == 0 { UnsafeMutableRawPointer(mutating: pointer).deallocate() }
        else { munmap(UnsafeMutableRawPointer(mutating: pointer), size) }
    }
}
