import Foundation
import SwiftProtobuf

/// The pure half of the reader: CRC-checked records in, scalars and hparams out.
enum EventDecoding {
    static func contents(of bytes: [UInt8], file: String) throws -> EventFileContents {
        var contents = EventFileContents()
        // An end info may come before (or without) the start info; it is attached once both are known.
        var end: SessionEnd?
        for record in try TFRecord.records(in: bytes, file: file) {
            func fail(_ reason: String) -> EventFileError {
                EventFileError(file: file, offset: record.offset, problem: .undecodableEvent(reason))
            }
            let event: Tensorboard_Event
            do {
                event = try Tensorboard_Event(serializedBytes: Array(record.data))
            } catch {
                throw fail("\(error)")
            }
            switch event.what {
            case .fileVersion(let version)?:
                if contents.fileVersion == nil {
                    contents.fileVersion = version
                    contents.createdAt = event.wallTime
                }
            case .summary(let summary)?:
                for value in summary.value {
                    if case .simpleValue(let x)? = value.value {
                        contents.scalars.append(ScalarPoint(tag: value.tag, step: event.step, value: x,
                                                            wallTime: event.wallTime))
                    } else if value.metadata.pluginData.pluginName == HParamsProto.pluginName {
                        let data: Tensorboard_Hparams_HParamsPluginData
                        do {
                            data = try Tensorboard_Hparams_HParamsPluginData(
                                serializedBytes: value.metadata.pluginData.content)
                        } catch {
                            throw fail("hparams plugin data of tag \(value.tag): \(error)")
                        }
                        switch data.data {
                        case .experiment(let e)?:
                            contents.metrics = e.metricInfos.map(HParamsProto.metric)
                        case .sessionStartInfo(let s)?:
                            var hparams: [String: HParamValue] = [:]
                            for (name, v) in s.hparams {
                                guard let value = HParamsProto.value(v) else {
                                    throw fail("hparam \(name) is not a string, number or bool")
                                }
                                hparams[name] = value
                            }
                            contents.hparams = HParamsSession(hparams: hparams, startTime: s.startTimeSecs,
                                                              groupName: s.groupName)
                        case .sessionEndInfo(let e)?:
                            end = SessionEnd(status: HParamsProto.status(e.status), time: e.endTimeSecs)
                        case nil:
                            break
                        }
                    }
                }
            case nil:
                break
            }
        }
        contents.hparams?.end = end
        return contents
    }
}
