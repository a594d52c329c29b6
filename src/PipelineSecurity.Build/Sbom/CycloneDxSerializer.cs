using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Sbom;

/// <summary>
/// Writes a <see cref="CycloneDxBom"/> as CycloneDX 1.6 JSON, properties in a fixed order, so identical documents are
/// identical bytes. With no serial number given, one is derived from the content (a name-based UUID).
/// </summary>
internal static class CycloneDxSerializer
{
    public const string SpecVersion = "1.6";

    // Namespace of the name-based serial numbers; fixed forever so that the same content keeps the same serial.
    private static readonly Guid SerialNamespace = new("5b1f9c52-8f0e-4d8e-9a55-0c3b6c1f2a7d");

    public static byte[] Serialize(CycloneDxBom bom)
    {
        var serial = bom.SerialNumber ?? "urn:uuid:" + NameBasedUuid(SerialNamespace, Write(bom, serialNumber: null));
        return Write(bom, serial);
    }

    private static byte[] Write(CycloneDxBom bom, string? serialNumber)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
            writer.WriteString("bomFormat", "CycloneDX");
            writer.WriteString("specVersion", SpecVersion);
            if (serialNumber is not null)
            {
                writer.WriteString("serialNumber", serialNumber);
            }

            writer.WriteNumber("version", 1);

            writer.WriteStartObject("metadata");
            if (bom.Timestamp is { } timestamp)
            {
                writer.WriteString("timestamp", timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }

            writer.WriteStartArray("lifecycles");
            writer.WriteStartObject();
            writer.WriteString("phase", bom.Lifecycle);
            writer.WriteEndObject();
            writer.WriteEndArray();

            writer.WriteStartObject("tools");
            writer.WriteStartArray("components");
            writer.WriteStartObject();
            writer.WriteString("type", "application");
            writer.WriteString("name", bom.Tool.Name);
            if (bom.Tool.Version.Length > 0)
            {
                writer.WriteString("version", bom.Tool.Version);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();

            if (bom.Manufacturer is { } manufacturer)
            {
                WriteOrganization(writer, "manufacturer", manufacturer);
            }

            if (bom.Authors.Count > 0)
            {
                writer.WriteStartArray("authors");
                foreach (var author in bom.Authors)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", author);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WritePropertyName("component");
            WriteComponent(writer, bom.Subject);
            if (bom.Supplier is { } bomSupplier)
            {
                WriteOrganization(writer, "supplier", bomSupplier);
            }

            if (bom.TargetFramework is { } framework)
            {
                writer.WriteStartArray("properties");
                writer.WriteStartObject();
                writer.WriteString("name", SbomBuilder.PropertyPrefix + "targetFramework");
                writer.WriteString("value", framework);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();

            writer.WriteStartArray("components");
            foreach (var component in bom.Components)
            {
                WriteComponent(writer, component);
            }

            writer.WriteEndArray();

            writer.WriteStartArray("dependencies");
            foreach (var dependency in bom.Dependencies)
            {
                writer.WriteStartObject();
                writer.WriteString("ref", dependency.Ref);
                writer.WriteStartArray("dependsOn");
                foreach (var target in dependency.DependsOn)
                {
                    writer.WriteStringValue(target);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteComponent(Utf8JsonWriter writer, BomComponent component)
    {
        writer.WriteStartObject();
        writer.WriteString("type", component.Type);
        writer.WriteString("bom-ref", component.BomRef);
        if (component.SupplierOrganization is { } organization)
        {
            WriteOrganization(writer, "supplier", organization);
        }
        else if (component.Supplier is { } supplier)
        {
            writer.WriteStartObject("supplier");
            writer.WriteString("name", supplier);
            writer.WriteEndObject();
        }

        if (component.Authors.Count > 0)
        {
            writer.WriteStartArray("authors");
            foreach (var author in component.Authors)
            {
                writer.WriteStartObject();
                writer.WriteString("name", author);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteString("name", component.Name);
        if (component.Version.Length > 0)
        {
            writer.WriteString("version", component.Version);
        }

        if (component.Description is { } description)
        {
            writer.WriteString("description", description);
        }

        if (component.Scope is { } scope)
        {
            writer.WriteString("scope", scope);
        }

        if (component.Hashes.Count > 0)
        {
            writer.WriteStartArray("hashes");
            foreach (var hash in component.Hashes)
            {
                writer.WriteStartObject();
                writer.WriteString("alg", hash.Algorithm);
                writer.WriteString("content", hash.Content);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (component.License is { } license)
        {
            writer.WriteStartArray("licenses");
            writer.WriteStartObject();
            if (license.Expression is { } expression)
            {
                writer.WriteString("expression", expression);
                writer.WriteString("acknowledgement", "declared");
            }
            else
            {
                writer.WriteStartObject("license");
                if (license.LicenseRef is { } licenseRef)
                {
                    writer.WriteString("bom-ref", component.BomRef + "#" + licenseRef);
                }

                writer.WriteString("name", license.Name ?? "See licence URL");
                if (license.Text is { } text)
                {
                    writer.WriteStartObject("text");
                    writer.WriteString("contentType", text.ContentType);
                    writer.WriteString("encoding", "base64");
                    writer.WriteString("content", text.Base64Content);
                    writer.WriteEndObject();
                }

                if (license.Url is { } url)
                {
                    writer.WriteString("url", url);
                }

                if (license.LicenseRef is { } id)
                {
                    writer.WriteStartArray("properties");
                    writer.WriteStartObject();
                    writer.WriteString("name", SbomBuilder.PropertyPrefix + "licenseRef");
                    writer.WriteString("value", id);
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }

                writer.WriteString("acknowledgement", "declared");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (component.Copyright is { } copyright)
        {
            writer.WriteString("copyright", copyright);
        }

        if (component.Purl.Length > 0)
        {
            writer.WriteString("purl", component.Purl);
        }

        if (component.ExternalReferences.Count > 0)
        {
            writer.WriteStartArray("externalReferences");
            foreach (var reference in component.ExternalReferences)
            {
                writer.WriteStartObject();
                writer.WriteString("url", reference.Url);
                if (reference.Comment is { } comment)
                {
                    writer.WriteString("comment", comment);
                }

                writer.WriteString("type", reference.Type);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (component.Properties.Count > 0)
        {
            writer.WriteStartArray("properties");
            foreach (var property in component.Properties)
            {
                writer.WriteStartObject();
                writer.WriteString("name", property.Name);
                writer.WriteString("value", property.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (component.Files.Count > 0)
        {
            writer.WriteStartArray("components");
            foreach (var file in component.Files)
            {
                WriteComponent(writer, file);
            }

            writer.WriteEndArray();
        }

        if (component.Occurrences.Count > 0)
        {
            writer.WriteStartObject("evidence");
            writer.WriteStartArray("occurrences");
            foreach (var location in component.Occurrences)
            {
                writer.WriteStartObject();
                writer.WriteString("location", location);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteOrganization(Utf8JsonWriter writer, string property, BomOrganization organization)
    {
        writer.WriteStartObject(property);
        writer.WriteString("name", organization.Name);
        if (organization.Urls.Count > 0)
        {
            writer.WriteStartArray("url");
            foreach (var url in organization.Urls)
            {
                writer.WriteStringValue(url);
            }

            writer.WriteEndArray();
        }

        if (organization.ContactEmail is { } email)
        {
            writer.WriteStartArray("contact");
            writer.WriteStartObject();
            if (organization.ContactName is { } name)
            {
                writer.WriteString("name", name);
            }

            writer.WriteString("email", email);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>RFC 4122 version-5 UUID (SHA-1 of namespace and name); the schema accepts versions 1 to 5 only.</summary>
    internal static string NameBasedUuid(Guid namespaceId, byte[] name)
    {
        var namespaceBytes = namespaceId.ToByteArray();
        SwapToNetworkOrder(namespaceBytes);
        byte[] hash;
        using (var sha1 = SHA1.Create())
        {
            sha1.TransformBlock(namespaceBytes, 0, namespaceBytes.Length, null, 0);
            sha1.TransformFinalBlock(name, 0, name.Length);
            hash = sha1.Hash!;
        }

        var uuid = new byte[16];
        Array.Copy(hash, uuid, 16);
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        var hex = Hex.Lower(uuid);
        return hex.Substring(0, 8) + "-" + hex.Substring(8, 4) + "-" + hex.Substring(12, 4) + "-" + hex.Substring(16, 4) + "-" + hex.Substring(20, 12);
    }

    private static void SwapToNetworkOrder(byte[] guid)
    {
        Array.Reverse(guid, 0, 4);
        Array.Reverse(guid, 4, 2);
        Array.Reverse(guid, 6, 2);
    }
}
