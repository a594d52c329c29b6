using System.Linq;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class EnvironmentFileInjectionRuleTests
{
    [Fact]
    public void Outsider_text_written_to_the_environment_files_is_reported_through_env_variables_and_files()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/label.yml", @"on: pull_request_target
permissions:
  pull-requests: write
jobs:
  scope:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: ${{ github.event.pull_request.title }}
        run: |
          scope=$(echo ""$TITLE"" | sed -E 's/^([a-z]+):.*/\1/')
          echo ""SCOPE=$scope"" >> ""$GITHUB_ENV""
      - run: echo ""BRANCH=${GITHUB_HEAD_REF}"" >> $GITHUB_ENV
      - env:
          TOOLS: ${{ github.event.pull_request.body }}
        shell: pwsh
        run: |
          ""$env:TOOLS"" | Out-File -FilePath $env:GITHUB_PATH -Append
")
            .With(".github/workflows/report.yml", @"on:
  workflow_run:
    workflows: [CI]
    types: [completed]
permissions:
  pull-requests: write
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: pr
          run-id: ${{ github.event.workflow_run.id }}
          github-token: ${{ secrets.GITHUB_TOKEN }}
      - run: |
          echo ""PR_NUMBER=$(cat pr/number)"" >> $GITHUB_ENV
          cat pr/extra.env >> $GITHUB_ENV
");

        var findings = repo.Check().Where(f => f.RuleId == "PSF7013").ToList();

        Assert.Equal(
            new[] { ".github/workflows/label.yml(12,31)", ".github/workflows/label.yml(13,47)", ".github/workflows/label.yml(18,45)", ".github/workflows/report.yml(17,45)", ".github/workflows/report.yml(18,28)" },
            findings.Select(f => $"{f.RelativePath}({f.Line},{f.Column})"));
        Assert.Contains("env 'TITLE' set from 'github.event.pull_request.title'", findings[0].Message);
        Assert.Contains("to $GITHUB_ENV", findings[0].Message);
        Assert.Contains("$GITHUB_HEAD_REF", findings[1].Message);
        Assert.Contains("to $GITHUB_PATH", findings[2].Message);
        Assert.Contains("a file of an artifact the triggering run uploaded", findings[3].Message);
    }

    [Fact]
    public void Literal_checked_trusted_or_unprivileged_writes_are_not_reported()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/target.yml", @"on: pull_request_target
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: |
          printf ""BUNDLE_WITH=avo\nRAILS_GROUPS=avo\n"" >> ""$GITHUB_ENV""
          echo ""SHA=${{ github.event.pull_request.head.sha }}"" >> $GITHUB_ENV
          echo ""$HOME/.local/bin"" >> $GITHUB_PATH
          echo ""RUN=$GITHUB_RUN_ID"" >> $GITHUB_ENV
      - env:
          NUMBER: ${{ github.event.pull_request.number }}
          TITLE: ${{ github.event.pull_request.title }}
        run: |
          echo ""PR=$NUMBER"" >> $GITHUB_ENV
          if [[ $TITLE =~ ^[a-z]+$ ]]; then echo ""KIND=$TITLE"" >> $GITHUB_ENV; fi
          TITLE=fixed
          echo ""AGAIN=$TITLE"" >> $GITHUB_ENV
  members:
    if: github.event.pull_request.author_association == 'MEMBER'
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: ${{ github.event.pull_request.title }}
        run: echo ""TITLE=$TITLE"" >> $GITHUB_ENV
")
            .With(".github/workflows/ci.yml", @"on: pull_request
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: ${{ github.event.pull_request.title }}
        run: echo ""TITLE=$TITLE"" >> $GITHUB_ENV
")
            .With(".github/workflows/labeled.yml", @"on:
  issues:
    types: [labeled]
permissions:
  issues: write
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: ${{ github.event.issue.title }}
        run: echo ""TITLE=$TITLE"" >> $GITHUB_ENV
")
            .With(".github/workflows/download.yml", @"on: pull_request_target
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
      - run: echo ""VERSION=$(cat version.txt)"" >> $GITHUB_ENV
");

        Assert.Empty(repo.Locations("PSF7013"));
    }
}
