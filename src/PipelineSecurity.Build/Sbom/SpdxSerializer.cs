using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PipelineSecurity.Build.Sbom;

/// <summary>
/// Writes the same document as SPDX 2.3 JSON: one package per component (purl as a PACKAGE-MANAGER external reference,
/// the nupkg's SHA-512 as checksum, the declared licence, supplier, homepage, description), the project as the
/// described package, the graph as DEPENDS_ON relationships, published files with CONTAINS relationships, and licence
/// files as extracted licences with their <c>LicenseRef-</c> ids. Fixed property order; in deterministic mode the
/// creation time is the given fixed time and the namespace is derived from the content, so identical inputs give
/// identical bytes.
/// </summary>
internal static class SpdxSerializer
{
    public const string SpecVersion = "SPDX-2.3";

    /// <summary>Where the document namespaces live (SPDX asks for a unique URI; it need not resolve).</summary>
    public const string NamespaceBase = "https://spdx.org/spdxdocs/";

    private static readonly Guid NamespaceUuidNamespace = new("a3c1f0e2-6d0b-4f5e-8c7a-2b9d4e6f8a10");

    /// <param name="created">The document's creation time (SPDX requires one): now, or a fixed time in deterministic mode.</param>
    /// <param name="deterministic">Derive the namespace from the content instead of a random UUID.</param>
    public static byte[] Serialize(CycloneDxBom bom, DateTimeOffset created, bool deterministic)
    {
        var name = bom.Subject.Name + "-" + bom.Subject.Version + (bom.TargetFramework is { } tfm ? "-" + tfm : "");
        var unique = deterministic
            ? CycloneDxSerializer.NameBasedUuid(NamespaceUuidNamespace, Write(bom, created, "urn:placeholder"))
            : Guid.NewGuid().ToString("D");
        return Write(bom, created, NamespaceBase + Uri.EscapeDataString(name) + "-" + unique);
    }

    private static byte[] Write(CycloneDxBom bom, DateTimeOffset created, string documentNamespace)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        string IdOf(string bomRef, string label)
        {
            if (!ids.TryGetValue(bomRef, out var id))
            {
                var baseId = "SPDXRef-" + Sanitize(label);
                id = baseId;
                for (var n = 2; !used.Add(id); n++)
                {
                    id = baseId + "-" + n.ToString(CultureInfo.InvariantCulture);
                }

                ids[bomRef] = id;
            }

            return id;
        }

        var subjectId = IdOf(bom.Subject.BomRef, "Project-" + bom.Subject.Name + "-" + bom.Subject.Version);
        foreach (var component in bom.Components)
        {
            IdOf(component.BomRef, "Package-" + component.Name + "-" + component.Version);
        }

        var extracted = new SortedDictionary<string, (string Name, string Text)>(StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("spdxVersion", SpecVersion);
            writer.WriteString("dataLicense", "CC0-1.0");
            writer.WriteString("SPDXID", "SPDXRef-DOCUMENT");
            writer.WriteString("name", bom.Subject.Name + " " + bom.Subject.Version + (bom.TargetFramework is { } tfm ? " (" + tfm + ")" : ""));
            writer.WriteString("documentNamespace", documentNamespace);
            writer.WriteStartObject("creationInfo");
            writer.WriteString("created", created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteStartArray("creators");
            writer.WriteStringValue("Tool: " + bom.Tool.Name + (bom.Tool.Version.Length > 0 ? "-" + bom.Tool.Version : ""));
            if (bom.Manufacturer is { } manufacturer)
            {
                writer.WriteStringValue("Organization: " + manufacturer.Name + (manufacturer.ContactEmail is { } email ? " (" + email + ")" : ""));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartArray("documentDescribes");
            writer.WriteStringValue(subjectId);
            writer.WriteEndArray();

            writer.WriteStartArray("packages");
            WritePackage(writer, bom.Subject, subjectId, bom.Supplier?.Name, extracted, isSubject: true);
            foreach (var component in bom.Components)
            {
                WritePackage(writer, component, ids[component.BomRef], component.SupplierOrganization?.Name ?? component.Supplier, extracted, isSubject: false);
            }

            writer.WriteEndArray();

            var files = new List<(string Owner, BomComponent File)>();
            foreach (var owner in new[] { bom.Subject }.Concat(bom.Components))
            {
                files.AddRange(owner.Files.Select(f => (ids[owner.BomRef], f)));
            }

            if (files.Count > 0)
            {
                writer.WriteStartArray("files");
                foreach (var (_, file) in files)
                {
                    writer.WriteStartObject();
                    writer.WriteString("fileName", "./" + file.Name);
                    writer.WriteString("SPDXID", IdOf(file.BomRef, "File-" + file.Name));
                    WriteChecksums(writer, file.Hashes);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (extracted.Count > 0)
            {
                writer.WriteStartArray("hasExtractedLicensingInfos");
                foreach (var pair in extracted)
                {
                    writer.WriteStartObject();
                    writer.WriteString("licenseId", pair.Key);
                    writer.WriteString("name", pair.Value.Name);
                    writer.WriteString("extractedText", pair.Value.Text);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteStartArray("relationships");
            Relationship(writer, "SPDXRef-DOCUMENT", "DESCRIBES", subjectId);
            foreach (var dependency in bom.Dependencies)
            {
                if (!ids.TryGetValue(dependency.Ref, out var from))
                {
                    continue;
                }

                foreach (var target in dependency.DependsOn)
                {
                    if (ids.TryGetValue(target, out var to))
                    {
                        Relationship(writer, from, "DEPENDS_ON", to);
                    }
                }
            }

            foreach (var (owner, file) in files)
            {
                Relationship(writer, owner, "CONTAINS", ids[file.BomRef]);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WritePackage(Utf8JsonWriter writer, BomComponent component, string id, string? supplier, SortedDictionary<string, (string Name, string Text)> extracted, bool isSubject)
    {
        writer.WriteStartObject();
        writer.WriteString("SPDXID", id);
        writer.WriteString("name", component.Name);
        writer.WriteString("versionInfo", component.Version);
        writer.WriteString("supplier", supplier is { Length: > 0 } ? "Organization: " + supplier : "NOASSERTION");
        writer.WriteString("downloadLocation", "NOASSERTION");
        writer.WriteBoolean("filesAnalyzed", false);
        if (component.Hashes.Count > 0)
        {
            WriteChecksums(writer, component.Hashes);
        }

        if (component.ExternalReferences.FirstOrDefault(r => r.Type == "website") is { } website)
        {
            writer.WriteString("homepage", website.Url);
        }

        writer.WriteString("licenseConcluded", "NOASSERTION");
        writer.WriteString("licenseDeclared", Declared(component, extracted));
        writer.WriteString("copyrightText", component.Copyright ?? "NOASSERTION");
        if (component.Description is { } description)
        {
            writer.WriteString("description", description);
        }

        if (component.Purl.Length > 0)
        {
            writer.WriteStartArray("externalRefs");
            writer.WriteStartObject();
            writer.WriteString("referenceCategory", "PACKAGE-MANAGER");
            writer.WriteString("referenceType", "purl");
            writer.WriteString("referenceLocator", component.Purl);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteString("primaryPackagePurpose", component.Type switch
        {
            "application" => "APPLICATION",
            "framework" => "FRAMEWORK",
            _ => "LIBRARY",
        });
        if (!isSubject && component.Scope == "excluded")
        {
            writer.WriteString("comment", "Not copied to the output: used at build time only.");
        }

        writer.WriteEndObject();
    }

    /// <summary>The declared licence: the expression, the LicenseRef of a licence file (with its text), or NOASSERTION.</summary>
    private static string Declared(BomComponent component, SortedDictionary<string, (string Name, string Text)> extracted)
    {
        var license = component.License;
        if (license?.Expression is { } expression)
        {
            return expression;
        }

        if (license?.LicenseRef is { } licenseRef)
        {
            var text = license.Text is { } attachment
                ? Encoding.UTF8.GetString(Convert.FromBase64String(attachment.Base64Content))
                : (license.Name ?? "A licence file in the package") + (license.Url is { } url ? " (" + url + ")" : "") + "; its text is not included in this document.";
            extracted[licenseRef] = (license.Name ?? licenseRef, text);
            return licenseRef;
        }

        return "NOASSERTION";
    }

    private static void WriteChecksums(Utf8JsonWriter writer, IReadOnlyList<BomHash> hashes)
    {
        writer.WriteStartArray("checksums");
        foreach (var hash in hashes)
        {
            writer.WriteStartObject();
            writer.WriteString("algorithm", Algorithm(hash.Algorithm));
            writer.WriteString("checksumValue", hash.Content);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Relationship(Utf8JsonWriter writer, string from, string type, string to)
    {
        writer.WriteStartObject();
        writer.WriteString("spdxElementId", from);
        writer.WriteString("relationshipType", type);
        writer.WriteString("relatedSpdxElement", to);
        writer.WriteEndObject();
    }

    private static string Algorithm(string cycloneDx) => cycloneDx.Replace("-", "");

    private static string Sanitize(string value) => Restore.PackageLicense.IdString(value);
}
