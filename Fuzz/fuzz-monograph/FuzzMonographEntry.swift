import Foundation
import FuzzSupport

// Built two ways from this one file (see docs/fuzzing.md):
// - `scripts/fuzz` builds with `-sanitize=fuzzer -sanitize=address -DFUZZING`: libFuzzer supplies `main` and calls
//   `LLVMFuzzerTestOneInput` for every input it generates.
// - a plain `swift build` has no libFuzzer to link, so the target gets an ordinary `main` that replays saved inputs
//   through the same function: `fuzz-monograph Fuzz/Corpus/fuzz-monograph Fuzz/Regressions/fuzz-monograph`.

#if FUZZING
/// libFuzzer's entry point: one input, any bytes. Errors are normal outcomes; only crashes, hangs and leaks are findings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMonograph(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = MonographFuzzTarget.run(Data(bytes: data, count: size))
    return 0
}
#else
/// The replay runner used when the target is built without libFuzzer.
@main
enum FuzzMonographReplay {
    static func main() {
        exit(CorpusReplay.run(
            target: "fuzz-monograph", arguments: Array(CommandLine.arguments.dropFirst()), body: MonographFuzzTarget.run))
    }
}
#endif
