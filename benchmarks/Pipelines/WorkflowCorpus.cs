using System;
using System.IO;
using System.Text;

namespace PipelineSecurity.Pipelines.Benchmarks;

/// <summary>
/// A generated repository of realistic CI definitions: GitHub workflows of several shapes (build matrix, release,
/// pull_request_target triage, reusable callers), a few composite actions and Azure pipelines, about 60 lines each,
/// some with findings. Deterministic: the same count gives the same files.
/// </summary>
internal static class WorkflowCorpus
{
    public static string Create(int workflows)
    {
        var root = Path.Combine(Path.GetTempPath(), "pipeline-security-bench", "repo-" + workflows + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        Directory.CreateDirectory(Path.Combine(root, ".github", "workflows"));
        for (var i = 0; i < workflows; i++)
        {
            var text = (i % 4) switch
            {
                0 => Build(i),
                1 => Release(i),
                2 => Triage(i),
                _ => Caller(i),
            };
            File.WriteAllText(Path.Combine(root, ".github", "workflows", $"workflow-{i:000}.yml"), text);
        }

        for (var i = 0; i < 5; i++)
        {
            var folder = Path.Combine(root, ".github", "actions", "setup-" + i);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "action.yml"), Composite(i));
        }

        // Source folders the walk passes through (and skips as project folders for deployment YAML).
        for (var i = 0; i < 20; i++)
        {
            var project = Path.Combine(root, "src", "Project" + i);
            Directory.CreateDirectory(Path.Combine(project, "obj"));
            File.WriteAllText(Path.Combine(project, "Project" + i + ".csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            File.WriteAllText(Path.Combine(project, "Class1.cs"), "class C {}");
        }

        return root;
    }

    private static string Build(int i) => $@"name: Build {i}
on:
  push:
    branches: [main, 'release/**']
  pull_request:
permissions:
  contents: read
env:
  DOTNET_NOLOGO: true
  CONFIGURATION: Release
jobs:
  build:
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest, macos-latest]
        dotnet: ['8.0.x', '10.0.x']
    runs-on: ${{{{ matrix.os }}}}
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
          fetch-depth: 0
      - uses: actions/setup-dotnet@v4
        with:
          dotnet-version: ${{{{ matrix.dotnet }}}}
      - name: Restore
        run: dotnet restore --locked-mode
      - name: Build
        run: |
          dotnet build -c $CONFIGURATION --no-restore -p:ContinuousIntegrationBuild=true
          echo ""Built ${{{{ github.sha }}}} on ${{{{ matrix.os }}}}""
      - name: Test
        run: dotnet test -c $CONFIGURATION --no-build --logger trx --results-directory TestResults
      - uses: dorny/test-reporter@v1
        if: always()
        with:
          name: tests-{i}
          path: TestResults/*.trx
          reporter: dotnet-trx
      - uses: actions/upload-artifact@v4
        with:
          name: results-{i}-${{{{ matrix.os }}}}
          path: TestResults/
";

    private static string Release(int i) => $@"name: Release {i}
on:
  push:
    tags: ['v*']
permissions:
  contents: write
  id-token: write
jobs:
  pack:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-dotnet@v4
        with:
          dotnet-version: 10.0.x
      - uses: actions/cache@v4
        with:
          path: ~/.nuget/packages
          key: nuget-${{{{ runner.os }}}}-${{{{ hashFiles('**/packages.lock.json') }}}}
      - run: dotnet pack -c Release -o out -p:PipelineSecurityPolicyMode=enforce
      - uses: actions/attest-build-provenance@v1
        with:
          subject-path: out/*.nupkg
      - name: Publish
        env:
          NUGET_API_KEY: ${{{{ secrets.NUGET_API_KEY }}}}
        run: dotnet nuget push out/*.nupkg --api-key ""$NUGET_API_KEY"" --source https://api.nuget.org/v3/index.json
      - uses: softprops/action-gh-release@c062e08bd532815e2082a85e87e3ef29c3e6d191 # v2.0.8
        with:
          files: out/*.nupkg
";

    private static string Triage(int i) => $@"name: Triage {i}
on:
  issues:
    types: [opened, edited]
  issue_comment:
    types: [created]
permissions:
  issues: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        env:
          TITLE: ${{{{ github.event.issue.title }}}}
        with:
          script: |
            const title = process.env.TITLE;
            if (title.toLowerCase().includes('bug')) {{
              await github.rest.issues.addLabels({{ ...context.repo, issue_number: context.issue.number, labels: ['bug'] }});
            }}
      - name: Echo
        run: |
          echo ""Issue ${{{{ github.event.issue.number }}}}""
          echo ""Comment: ${{{{ github.event.comment.body }}}}""
      - name: Install tool
        run: curl -fsSL https://tools.example.com/install.sh | bash
";

    private static string Caller(int i) => $@"name: Caller {i}
on:
  pull_request_target:
    types: [opened, synchronize]
permissions:
  contents: read
  pull-requests: write
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{{{ github.event.pull_request.head.sha }}}}
      - uses: ./.github/actions/setup-{i % 5}
        with:
          label: ${{{{ github.event.pull_request.head.ref }}}}
      - run: npm ci && npm run build
  shared:
    uses: contoso/shared-workflows/.github/workflows/dotnet.yml@v3
    secrets: inherit
";

    private static string Composite(int i) => $@"name: Setup {i}
description: Installs the toolchain
inputs:
  label:
    description: A label to print
    required: false
runs:
  using: composite
  steps:
    - uses: actions/setup-node@v4
      with:
        node-version: 20
        cache: npm
    - shell: bash
      run: echo ""Setting up ${{{{ inputs.label }}}}""
";
}
