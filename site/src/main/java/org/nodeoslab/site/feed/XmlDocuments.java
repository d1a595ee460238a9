package org.nodeoslab.site.feed;

import java.io.StringWriter;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes one XML document with the JDK's streaming writer, which escapes every text and attribute. */
final class XmlDocuments {

    /** The elements of the document, written by the caller. */
    interface Body {
        void write(XMLStreamWriter x) throws XMLStreamException;
    }

    private XmlDocuments() {
    }

    static String write(String what, Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            body.write(x);
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing the " + what, e);
        }
        return out.toString();
    }
}
