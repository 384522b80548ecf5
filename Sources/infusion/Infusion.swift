import ArgumentParser

@main
struct Infusion: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tocilizumab infusion preparation and pump control.")
}
