/// Record signatures and sentinels of the ZIP format (PKWARE APPNOTE 6.3).
enum ZipFormat {
    static let localHeader: UInt32 = 0x0403_4b50
    static let centralHeader: UInt32 = 0x0201_4b50
    static let endOfCentralDirectory: UInt32 = 0x0605_4b50
    static let zip64EndOfCentralDirectory: UInt32 = 0x0606_4b50
    static let zip64Locator: UInt32 = 0x0706_4b50
    static let dataDescriptor: UInt32 = 0x0807_4b50
    /// Extra-field id holding the 64-bit sizes and offset.
    static let zip64ExtraID: UInt16 = 0x0001
    /// A 32-bit field with this value defers to the zip64 extra field.
    static let sentinel32: UInt32 = 0xFFFF_FFFF
    static let sentinel16: UInt16 = 0xFFFF
    static let localHeaderSize = 30
    static let centralHeaderSize = 46
    static let endRecordSize = 22
    /// General-purpose flag bits.
    static let flagEncrypted: UInt16 = 1 << 0
    static let flagDataDescriptor: UInt16 = 1 << 3
    static let flagUTF8: UInt16 = 1 << 11
    /// Compression methods.
    static let methodStored: UInt16 = 0
    static let methodDeflated: UInt16 = 8
}
