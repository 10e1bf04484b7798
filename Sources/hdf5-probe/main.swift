import Datasets
import Foundation

// hdf5-probe FILE DATASET: reads the dataset through with the project's own HDF5 reader and exits
// 0, or 2 with the reader's error on standard error. `HDF5Probe` runs it before this process
// trusts libhdf5 with a file (Sources/Datasets/Ingest/HDF5Probe.swift says why).
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: hdf5-probe FILE DATASET\n".utf8))
    exit(64)
}
do {
    try HDF5Probe.readThrough(path: arguments[1], dataset: arguments[2])
    exit(0)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
