import CCrypto
import Foundation

/// SHA-256 through the system libcrypto (EVP interface), as lowercase hex.
public enum SHA256 {
    /// Digest of `data`.
    public static func hex(_ data: Data) -> String {
        let h = Hasher256()
        data.withUnsafeBytes { h.update($0) }
        return h.finish()
    }

    /// Digest of a string's UTF-8 bytes.
    public static func hex(_ string: String) -> String { hex(Data(string.utf8)) }

    /// Digest of a file's contents, streamed in 1 MiB chunks.
    public static func hex(fileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let h = Hasher256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { h.update($0) }
        }
        return h.finish()
    }
}

/// Incremental SHA-256 over an EVP digest context.
final class Hasher256 {
    private let ctx: OpaquePointer

    init() {
        ctx = EVP_MD_CTX_new()
        precondition(EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1, "libcrypto: EVP_DigestInit_ex(sha256) failed")
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(EVP_DigestUpdate(ctx, base, bytes.count) == 1, "libcrypto: EVP_DigestUpdate failed")
    }

    deinit { EVP_MD_CTX_free(ctx) }

    func finish() -> String {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var len: UInt32 = 0
        precondition(EVP_DigestFinal_ex(ctx, &out, &len) == 1, "libcrypto: EVP_DigestFinal_ex failed")
        return out[..<Int(len)].map { String(format: "%02x", $0) }.joined()
    }
}
