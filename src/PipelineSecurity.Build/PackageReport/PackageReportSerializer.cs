using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PipelineSecurity.Build.PackageReport;

/// <summary>Writes the report as indented JSON with no timestamp, so identical restores give identical bytes.</summary>
internal static class PackageReportSerializer
{
    public static byte[] Serialize(PackageReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("project", report.Project);
            writer.WriteStartArray("targets");
            foreach (var target in report.Targets)
            {
                writer.WriteStartObject();
                writer.WriteString("framework", target.FrameworkName);
                writer.WriteStartArray("packages");
                foreach (var package in target.Packages)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", package.Id);
                    writer.WriteString("version", package.VersionText);
                    writer.WriteBoolean("direct", package.Direct);
                    writer.WriteStartArray("dependencies");
                    foreach (var dependency in package.DependencyIds)
                    {
                        writer.WriteStringValue(dependency);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
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
}
