import Foundation
import FuzzSupport

// Built two ways from this one file (see docs/fuzzing.md): with `-DFUZZING` libFuzzer supplies `main`; a plain
// `swift build` gets a replay runner: `fuzz-frame-decoder Fuzz/Corpus/fuzz-frame-decoder`.

#if FUZZING
/// libFuzzer's entry point: one input, any bytes, as a serial line could deliver them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FrameDecoderFuzzTarget.run(Data(bytes: data, count: size))
    return 0
}
#else
/// The replay runner used when the target is built without libFuzzer.
@main
enum FuzzFrameDecoderReplay {
    static func main() {
        exit(CorpusReplay.run(target: "fuzz-frame-decoder", arguments: Array(CommandLine.arguments.dropFirst()), body: FrameDecoderFuzzTarget.run))
    }
}
#endif
