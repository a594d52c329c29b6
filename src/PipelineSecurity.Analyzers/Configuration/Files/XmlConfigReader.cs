using System;
using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Configuration.Files;

/// <summary>An XML start tag as <see cref="XmlConfigReader"/> reports it: local name, parent's local name, attributes with value offsets.</summary>
internal sealed class XmlElement
{
    public string Name { get; set; } = "";

    public string Parent { get; set; } = "";

    public string GrandParent { get; set; } = "";

    public List<XmlAttribute> Attributes { get; } = new();

    public XmlAttribute? Attribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return attribute;
            }
        }

        return null;
    }

    public string? Value(string name) => Attribute(name)?.Value;
}

/// <summary>An attribute: local name, raw value (entities left as written), and where the value starts in the text.</summary>
internal sealed class XmlAttribute
{
    public XmlAttribute(string name, string value, int valueStart)
    {
        Name = name;
        Value = value;
        ValueStart = valueStart;
    }

    public string Name { get; }

    public string Value { get; }

    public int ValueStart { get; }
}

/// <summary>
/// A forgiving, linear reader of the start tags of an XML configuration file (web.config, app.config, transforms):
/// it skips comments, CDATA, processing instructions and DOCTYPE, keeps a stack of element names for context, and never
/// throws on malformed input (an unclosed tag or quote ends the scan). Work is bounded by the text length and
/// <see cref="MaximumElements"/>.
/// </summary>
internal static class XmlConfigReader
{
    public const int MaximumElements = 200_000;
    private const int MaximumDepth = 256;

    public static void Read(string text, Action<XmlElement> onElement)
    {
        var stack = new List<string>();
        var element = new XmlElement();
        var elements = 0;
        var i = 0;
        while (i < text.Length && elements < MaximumElements)
        {
            var open = text.IndexOf('<', i);
            if (open < 0 || open + 1 >= text.Length)
            {
                return;
            }

            var next = text[open + 1];
            if (next == '!')
            {
                var end = StartsWith(text, open, "<!--") ? IndexOf(text, "-->", open + 4)
                    : StartsWith(text, open, "<![CDATA[") ? IndexOf(text, "]]>", open + 9)
                    : text.IndexOf('>', open + 2);
                if (end < 0)
                {
                    return;
                }

                i = end + 1;
                continue;
            }

            if (next == '?')
            {
                var end = IndexOf(text, "?>", open + 2);
                if (end < 0)
                {
                    return;
                }

                i = end + 2;
                continue;
            }

            if (next == '/')
            {
                var end = text.IndexOf('>', open + 2);
                if (end < 0)
                {
                    return;
                }

                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                i = end + 1;
                continue;
            }

            var nameStart = open + 1;
            var p = nameStart;
            while (p < text.Length && IsNameChar(text[p]))
            {
                p++;
            }

            if (p == nameStart)
            {
                i = open + 1;
                continue;
            }

            element.Name = LocalName(text.Substring(nameStart, p - nameStart));
            element.Parent = stack.Count > 0 ? stack[stack.Count - 1] : "";
            element.GrandParent = stack.Count > 1 ? stack[stack.Count - 2] : "";
            element.Attributes.Clear();
            var selfClosing = false;
            while (true)
            {
                while (p < text.Length && char.IsWhiteSpace(text[p]))
                {
                    p++;
                }

                if (p >= text.Length)
                {
                    return;
                }

                if (text[p] == '>')
                {
                    p++;
                    break;
                }

                if (text[p] == '/' && p + 1 < text.Length && text[p + 1] == '>')
                {
                    selfClosing = true;
                    p += 2;
                    break;
                }

                var attributeStart = p;
                while (p < text.Length && IsNameChar(text[p]))
                {
                    p++;
                }

                if (p == attributeStart)
                {
                    p++; // Stray character: skip it.
                    continue;
                }

                var attributeName = LocalName(text.Substring(attributeStart, p - attributeStart));
                while (p < text.Length && char.IsWhiteSpace(text[p]))
                {
                    p++;
                }

                if (p >= text.Length || text[p] != '=')
                {
                    continue;
                }

                p++;
                while (p < text.Length && char.IsWhiteSpace(text[p]))
                {
                    p++;
                }

                if (p >= text.Length || (text[p] != '"' && text[p] != '\''))
                {
                    continue;
                }

                var quote = text[p];
                var valueEnd = text.IndexOf(quote, p + 1);
                if (valueEnd < 0)
                {
                    return;
                }

                element.Attributes.Add(new XmlAttribute(attributeName, text.Substring(p + 1, valueEnd - p - 1), p + 1));
                p = valueEnd + 1;
            }

            elements++;
            onElement(element);
            if (!selfClosing && stack.Count < MaximumDepth)
            {
                stack.Add(element.Name);
            }

            i = p;
        }
    }

    private static string LocalName(string name)
    {
        var colon = name.LastIndexOf(':');
        return colon < 0 ? name : name.Substring(colon + 1);
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ':';

    private static bool StartsWith(string text, int at, string value) =>
        at + value.Length <= text.Length && string.CompareOrdinal(text, at, value, 0, value.Length) == 0;

    private static int IndexOf(string text, string value, int from) =>
        from >= text.Length ? -1 : text.IndexOf(value, from, StringComparison.Ordinal);
}
