/// Refuses an option given twice on one command line.
///
/// The argument parser keeps the last of two values silently: `--weight-kg 70 ... --weight-kg 80` would calculate a
/// dose for 80 kg while the prescriber may have read 70 on the screen. A value given twice is a conflict the person
/// at the keyboard must settle, so it is refused before anything is parsed. Only the options that are lists by
/// design (`--previous-dose`, `--code`) may repeat.
enum RepeatedOption {
    /// The options that take one value per occurrence.
    static let repeatable: Set<String> = ["--previous-dose", "--code"]

    /// The message for the first long option given twice in `arguments` (without the program name), or nil.
    static func problem(in arguments: [String]) -> String? {
        var seen: Set<String> = []
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--"), argument.count > 2 else { continue }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if repeatable.contains(name) { continue }
            if !seen.insert(name).inserted {
                return "\(name) is given more than once; give it once (only --previous-dose and --code may repeat)"
            }
        }
        return nil
    }
}
