using System.Linq;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class UntrustedInputInScriptRuleTests
{
    [Fact]
    public void Reports_untrusted_contexts_in_run_and_github_script_at_the_expression()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/triage.yml", @"name: Triage
on:
  issues:
    types: [opened]
  pull_request_target:
permissions:
  issues: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - name: Greet
        run: |
          echo ""Thanks for the report""
          echo ""Title: ${{ github.event.issue.title }}""
      - run: git log --oneline ${{ github.head_ref }}
      - uses: actions/github-script@v7
        with:
          script: |
            const body = `${{ toJSON(github.event.pull_request.body) }}`;
            console.log(body);
      - run: echo ""${{ github.event.pull_request.head.ref || 'main' }}""
");

        var findings = repo.Check().Where(f => f.RuleId == "PSF7002").ToList();

        Assert.Equal(new[] { "(15,24)", "(16,32)", "(20,27)", "(22,20)" }, findings.Select(f => $"({f.Line},{f.Column})"));
        Assert.Contains("'github.event.issue.title'", findings[0].Message);
        Assert.Contains("env:", findings[0].Message);
    }

    [Fact]
    public void Inputs_that_other_actions_run_as_code_are_sinks_too_and_their_other_inputs_are_not()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/pr.yml", @"on: pull_request_target
permissions: {}
jobs:
  notes:
    runs-on: ubuntu-latest
    steps:
      - uses: mikefarah/yq@b534aa9ee5d38001fba3cd8fe254a037e4847b37 # v4.45.4
        with:
          cmd: yq '.title = ""${{ github.event.pull_request.title }}""' notes.yml
      - uses: azure/cli@089eac9d8cc39f5d003e94f8b65efc51076c9cbd # v2.1.0
        with:
          azcliversion: latest
          InlineScript: az group list --tag ""pr=${{ github.head_ref }}""
      - uses: appleboy/ssh-action@2ead5e36573f08b82fbfce1504f1a4b05a647c6f # v1.2.2
        with:
          host: ${{ github.event.pull_request.title }}
          script: echo deploying
      - uses: mikefarah/yq@b534aa9ee5d38001fba3cd8fe254a037e4847b37 # v4.45.4
        with:
          cmd: yq '.title = env(TITLE)' notes.yml
        env:
          TITLE: ${{ github.event.pull_request.title }}
");

        var findings = repo.Check().Where(f => f.RuleId == "PSF7002").ToList();

        Assert.Equal(new[] { "(9,30)", "(13,49)" }, findings.Select(f => $"({f.Line},{f.Column})"));
        Assert.Contains("'cmd' input of mikefarah/yq, which runs it as code", findings[0].Message);
        Assert.Contains("'InlineScript' input of azure/cli", findings[1].Message);
    }

    [Fact]
    public void A_property_of_either_object_is_that_property_of_each()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/notify.yml", @"on: [pull_request_target, issues]
permissions: {}
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - run: echo ""${{ (github.event.pull_request || github.event.issue).number }}""
      - run: echo ""${{ (github.event.pull_request || github.event.issue).title }}""
");

        Assert.Equal(new[] { ".github/workflows/notify.yml(8,20)" }, repo.Locations("PSF7002"));
    }

    [Fact]
    public void Env_indirection_booleans_hashes_and_trusted_contexts_are_not_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/triage.yml", @"on:
  issues:
    types: [opened]
permissions:
  issues: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: ${{ github.event.issue.title }}
        run: |
          echo ""Title: $TITLE""
          echo ""Issue #${{ github.event.issue.number }} by ${{ github.actor }} in ${{ github.repository }}""
          echo ""${{ contains(github.event.issue.title, 'bug') }}""
          echo ""${{ github.event.issue.title == 'x' && 'yes' || 'no' }}""
          echo ""${{ hashFiles(github.event.issue.title) }} ${{ github.event.pull_request.head.sha }}""
");

        Assert.Empty(repo.Locations("PSF7002"));
    }

    [Fact]
    public void Env_values_set_from_untrusted_contexts_and_read_back_through_env_are_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/comment.yml", @"on: issue_comment
permissions: {}
jobs:
  echo:
    runs-on: ubuntu-latest
    env:
      COMMENT: ${{ github.event.comment.body }}
    steps:
      - run: echo ""${{ env.COMMENT }}""
      - run: echo ""$COMMENT""
");

        var finding = Assert.Single(repo.Check(), f => f.RuleId == "PSF7002");
        Assert.Equal(9, finding.Line);
        Assert.Contains("env 'COMMENT' set from 'github.event.comment.body'", finding.Message);
    }

    [Fact]
    public void Inputs_of_local_reusable_workflows_and_composite_actions_follow_their_callers()
    {
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/pr.yml", @"on: pull_request_target
permissions:
  contents: read
jobs:
  call:
    uses: ./.github/workflows/notify.yml
    with:
      title: ${{ github.event.pull_request.title }}
      number: ${{ github.event.pull_request.number }}
")
            .With(".github/workflows/notify.yml", @"on:
  workflow_call:
    inputs:
      title: { type: string }
      number: { type: number }
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - run: echo ""${{ inputs.number }}""
      - uses: ./.github/actions/announce
        with:
          text: ${{ inputs.title }}
")
            .With(".github/actions/announce/action.yml", @"name: Announce
description: Posts a line
inputs:
  text: { description: the text }
runs:
  using: composite
  steps:
    - shell: bash
      run: echo ""${{ inputs.text }}"" >> ""$GITHUB_STEP_SUMMARY""
");

        var finding = Assert.Single(repo.Check(), f => f.RuleId == "PSF7002");
        Assert.Equal(".github/actions/announce/action.yml", finding.RelativePath);
        Assert.Equal(9, finding.Line);
        Assert.Contains("'github.event.pull_request.title'", finding.Message);
    }

    [Fact]
    public void Dispatch_inputs_are_trusted_unless_editorconfig_says_otherwise_and_only_free_text_ones()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/release.yml", @"on:
  workflow_dispatch:
    inputs:
      notes: { type: string }
      dry-run: { type: boolean }
permissions:
  contents: read
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: ./release.sh ""${{ inputs.notes }}"" ${{ inputs.dry-run }}
");
        Assert.Empty(repo.Locations("PSF7002"));

        repo.With(".editorconfig", "[*.yml]\npipeline_security.PSF7002.dispatch_inputs_untrusted = true\n");
        Assert.Equal(new[] { ".github/workflows/release.yml(12,28)" }, repo.Locations("PSF7002"));
    }

    [Fact]
    public void Azure_commit_message_macros_in_scripts_are_reported()
    {
        using var repo = new PipelineTestRepository().With("azure-pipelines.yml", @"trigger: [main]
pool:
  vmImage: ubuntu-latest
steps:
  - script: echo ""Building $(Build.SourceVersionMessage)""
  - bash: echo ""$BUILD_SOURCEVERSIONMESSAGE""
  - script: echo $(Build.BuildNumber)
");

        Assert.Equal(new[] { "azure-pipelines.yml(5,28)" }, repo.Locations("PSF7002"));
    }
}
