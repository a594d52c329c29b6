using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PipelineSecurity.Build.Secrets;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Secrets;

/// <summary>The configuration-file rows of issue 12 at task level (the e2e test runs the compiler on the same kinds of file).</summary>
public sealed class SelectScannableConfigurationFilesTests
{
    [Fact]
    public void Keeps_text_files_and_leaves_out_fifos_dangling_links_binary_files_and_folders_saying_so_once()
    {
        using var temp = new TemporaryDirectory();
        var text = temp.Combine("appsettings.json");
        File.WriteAllText(text, "{ \"ConnectionStrings\": { \"Db\": \"Server=.;\" } }");
        var utf16 = temp.Combine("web.config");
        File.WriteAllText(utf16, "<configuration />", Encoding.Unicode); // UTF-16 with a byte-order mark: text
        var linkToText = HostileFiles.MakeSymbolicLink(temp.Combine("appsettings.Staging.json"), text);
        var binary = temp.Combine("appsettings.Production.json");
        File.WriteAllBytes(binary, new byte[] { 0x8A, 0x00, 0x13, 0xF7, 0x00, 0x42 }); // an encrypted configuration
        var dangling = HostileFiles.MakeSymbolicLink(temp.Combine("appsettings.Development.json"), temp.Combine("gone.json"));
        var folder = Directory.CreateDirectory(temp.Combine("settings.xml")).FullName;
        var candidates = new[] { text, utf16, linkToText, binary, dangling, folder }.ToList();
        if (HostileFiles.HasFifos)
        {
            candidates.Add(HostileFiles.MakeFifo(temp.Combine("appsettings.Local.json")));
        }

        var engine = new RecordingBuildEngine();
        var task = new SelectScannableConfigurationFiles
        {
            BuildEngine = engine, ProjectDirectory = temp.Path, Candidates = candidates.Select(c => (ITaskItem)new TaskItem(c)).ToArray(),
        };

        Assert.True(task.Execute());

        Assert.Equal(new[] { text, utf16, linkToText }, task.Files.Select(f => f.ItemSpec));
        var message = Assert.Single(engine.Messages, m => m.Message!.Contains("not scanned for secrets"));
        Assert.Equal(MessageImportance.Low, message.Importance);
        Assert.Contains("binary", message.Message);
        Assert.Contains("symbolic link to nothing", message.Message);
        Assert.Contains("a directory", message.Message);
        if (HostileFiles.HasFifos)
        {
            Assert.Contains("named pipe", message.Message);
        }

        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void Says_nothing_when_every_file_is_text()
    {
        using var temp = new TemporaryDirectory();
        var text = temp.Combine("appsettings.json");
        File.WriteAllText(text, "{}");
        var engine = new RecordingBuildEngine();
        var task = new SelectScannableConfigurationFiles { BuildEngine = engine, ProjectDirectory = temp.Path, Candidates = new ITaskItem[] { new TaskItem(text) } };

        Assert.True(task.Execute());

        Assert.Single(task.Files);
        Assert.DoesNotContain(engine.Messages, m => m.Message!.Contains("not scanned"));
    }

    [Fact]
    public void Picks_the_configuration_files_of_the_project_folder_from_its_items_by_name()
    {
        using var temp = new TemporaryDirectory();
        string File(string relative, string text = "{}")
        {
            var path = temp.Combine(relative.Split('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, text);
            return path;
        }

        var wanted = new[]
        {
            File("appsettings.json"), File("Config/appsettings.Production.json"), File("web.config", "<configuration />"), File(".env", "A=b"),
            File(".env.local", "A=b"), File("deploy/values.yaml", "a: b"), File("k8s/secret.yml", "a: b"), File("settings.xml", "<a />"),
            File("app.properties", "a=b"), File("tool.ini", "[a]"), File("Properties/PublishProfiles/Azure.pubxml", "<Project />"),
        };
        var other = new[]
        {
            File("wwwroot/lib/site.js", "x"), File("wwwroot/css/site.css", "x"), File("package.json"), File("packages.lock.json"), File("notes.md", "x"),
            File("obj/Debug/net8.0/appsettings.json"), File("out/appsettings.json"), File("ClientApp/node_modules/lib/config.xml", "<a />"),
        };
        // A package's content file and a file linked from another folder are not the project's own.
        var elsewhere = Path.Combine(Path.GetDirectoryName(temp.Path)!, Path.GetFileName(temp.Path) + "-package", "appsettings.json");
        Directory.CreateDirectory(Path.GetDirectoryName(elsewhere)!);
        System.IO.File.WriteAllText(elsewhere, "{}");
        var requested = File("deploy/main.tfvars", "password = \"x\"");
        var alreadyAdditional = File("appsettings.Local.json"); // the project's own AdditionalFiles item keeps its metadata
        try
        {
            var task = new SelectScannableConfigurationFiles
            {
                BuildEngine = new RecordingBuildEngine(),
                ProjectDirectory = temp.Path,
                Candidates = wanted.Concat(other).Append(elsewhere).Append(wanted[0]).Append(alreadyAdditional)
                    .Select(path => (ITaskItem)new TaskItem(path, new System.Collections.Generic.Dictionary<string, string> { ["CopyToOutputDirectory"] = "PreserveNewest" }))
                    .ToArray(),
                Requested = new ITaskItem[] { new TaskItem(requested) },
                AdditionalFiles = new ITaskItem[] { new TaskItem(alreadyAdditional) },
                ExcludedFolders = new ITaskItem[] { new TaskItem(temp.Combine("obj")), new TaskItem(temp.Combine("out") + Path.DirectorySeparatorChar) },
            };

            Assert.True(task.Execute());

            Assert.Equal(wanted.Append(requested), task.Files.Select(f => f.ItemSpec));
            Assert.All(task.Files, f => Assert.Equal("", f.GetMetadata("CopyToOutputDirectory")));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(elsewhere)!, recursive: true);
        }
    }

    [Fact]
    public void A_percent_sign_in_a_file_name_survives_the_new_item()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Combine("site%41.config"); // "%41" would read as "A" if unescaped again
        File.WriteAllText(path, "<configuration />");
        var task = new SelectScannableConfigurationFiles
        {
            BuildEngine = new RecordingBuildEngine(),
            ProjectDirectory = temp.Path,
            Candidates = new ITaskItem[] { new TaskItem(path.Replace("%", "%25")) }, // MSBuild passes the include escaped
        };

        Assert.True(task.Execute());

        Assert.Equal(path, Assert.Single(task.Files).ItemSpec);
    }
}
