// device-testbed: hosts a umockdev test bed for DiscoveryTests, driven line by line on standard input.
//
// Run it under `umockdev-wrapper`: umockdev sends uevents by looking the device up in /sys, which only the preloaded
// library redirects into the bed. Keeping the bed in this process leaves the test process's own /sys untouched.
//
//   (start)                  -> "ready <UMOCKDEV_DIR>"   programs run under umockdev-wrapper with that UMOCKDEV_DIR see the bed
//   add <description file>   -> "ok"                     adds devices (umockdev format); each sends an "add" uevent
//   remove <sysfs path>      -> "ok"                     sends a "remove" uevent, then removes the device
//   share                    -> "ok"                     lets an unprivileged user use the bed (for permission tests)
//   (end of input)           -> exits 0
import CUMockdev
import Foundation

func reply(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func message(of error: UnsafeMutablePointer<GError>?) -> String {
    guard let error, let text = error.pointee.message else { return "unknown error" }
    return String(cString: text)
}

guard let bed = umockdev_testbed_new() else {
    reply("error cannot create a umockdev test bed")
    exit(1)
}
let root = String(cString: umockdev_testbed_get_root_dir(bed))
reply("ready \(root)")

while let line = readLine() {
    let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
    guard let command = parts.first else { continue }
    let argument = parts.count > 1 ? parts[1] : ""
    switch command {
    case "add":
        var error: UnsafeMutablePointer<GError>?
        if umockdev_testbed_add_from_file(bed, argument, &error) != 0 {
            reply("ok")
        } else {
            reply("error \(message(of: error))")
            g_error_free(error)
        }
    case "remove":
        umockdev_testbed_uevent(bed, argument, "remove")
        umockdev_testbed_remove_device(bed, argument)
        reply("ok")
    case "share":
        // The bed directory is private to root; the preloaded library of an unprivileged child must read the fake
        // /sys and connect to the bed's ioctl sockets.
        chmod(root, 0o755)
        let sockets = FileManager.default.enumerator(atPath: root + "/ioctl")
        while let entry = sockets?.nextObject() as? String {
            chmod(root + "/ioctl/" + entry, 0o777)
        }
        reply("ok")
    default:
        reply("error unknown command \(command)")
    }
}
g_object_unref(bed)
