import Glibc

/// The C library's text for an errno value (`Permission denied`), for error details.
func systemMessage(_ code: Int32) -> String {
    String(cString: strerror(code))
}
