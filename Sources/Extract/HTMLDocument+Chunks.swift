import CLibXML2
import Foundation

extension HTMLDocument {
    /// Bytes handed to libxml2's push parser per call.
    static let chunkBytes = 256 << 10

    /// What `htmlReadMemory(bytes, url, encoding, options)` builds, fed through the push parser in
    /// chunks. `htmlReadMemory` copies the whole input into a buffer of its own and, with an
    /// encoding named, converts all of it into another: a page cost three and a half times its
    /// bytes before its tree had a node. In chunks libxml2 holds about one chunk of input.
    /// The named encoding is fixed as `htmlReadMemory` fixes it: a `<meta charset>` in the page
    /// (still there after Fetch decoded it to UTF-8) cannot switch it. Nil when libxml2 has no
    /// converter for `encoding` or cannot start a parser.
    static func readInChunks(_ raw: UnsafeRawBufferPointer, url: String, encoding: String, options: Int32) -> xmlDocPtr? {
        guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count > 0,
              let handler = xmlFindCharEncodingHandler(encoding),
              let ctxt = htmlCreatePushParserCtxt(nil, nil, nil, 0, url, XML_CHAR_ENCODING_NONE) else { return nil }
        defer { htmlFreeParserCtxt(ctxt) }
        _ = htmlCtxtUseOptions(ctxt, options)
        _ = xmlSwitchToEncoding(ctxt, handler)
        // As htmlReadMemory records it: a named input encoding is what makes libxml2 ignore the page's own.
        if let input = ctxt.pointee.input {
            if let old = input.pointee.encoding { pw_xml_free(UnsafeMutablePointer(mutating: old)) }
            input.pointee.encoding = UnsafePointer(xmlStrdup(encoding))
        }
        var offset = 0
        while offset < raw.count {
            let n = min(chunkBytes, raw.count - offset)
            _ = htmlParseChunk(ctxt, base + offset, Int32(n), offset + n == raw.count ? 1 : 0)
            offset += n
        }
        let doc = ctxt.pointee.myDoc
        ctxt.pointee.myDoc = nil
        return doc
    }
}
