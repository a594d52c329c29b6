using System.Linq;
using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class UnpinnedActionRuleTests
{
    private const string Sha = "b4ffde65f46336ab88eb53be808477a3936bae11";

    [Fact]
    public void Reports_third_party_actions_by_tag_or_branch_reusable_workflows_and_docker_tags()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", $@"name: CI
on: [push, pull_request]
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: codecov/codecov-action@v4
      - uses: peaceiris/actions-gh-pages@main
      - uses: docker://alpine:3.19
      - uses: docker://alpine@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b
      - uses: ./.github/actions/local
      - uses: softprops/action-gh-release@{Sha} # v2.0.4
  shared:
    uses: contoso/workflows/.github/workflows/dotnet.yml@v1
");

        var findings = repo.Check().Where(f => f.RuleId == "PSF7001").ToList();

        Assert.Equal(new[] { 10, 11, 12, 17 }, findings.Select(f => f.Line));
        Assert.Equal(15, findings[0].Column);
        Assert.Contains("codecov/codecov-action@<40-hex SHA> # v4", findings[0].Message);
        Assert.Contains("digest", findings[2].Message);
    }

    [Fact]
    public void Github_owned_actions_may_use_tags_unless_editorconfig_says_otherwise()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", @"on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: github/codeql-action/init@v3
");
        Assert.Empty(repo.Locations("PSF7001"));

        repo.With(".editorconfig", "root = true\n[.github/workflows/*.yml]\npipeline_security.PSF7001.allowed_owners = none\n");
        Assert.Equal(2, repo.Locations("PSF7001").Count);
    }

    [Fact]
    public void Composite_actions_are_checked_too()
    {
        using var repo = new PipelineTestRepository().With(".github/actions/setup/action.yml", @"name: Setup
description: Prepares the toolchain
runs:
  using: composite
  steps:
    - uses: azure/login@v2
      with:
        client-id: ${{ inputs.client-id }}
");

        Assert.Equal(new[] { ".github/actions/setup/action.yml(6,13)" }, repo.Locations("PSF7001"));
    }

    [Fact]
    public void The_SLSA_generator_is_pinned_by_its_full_release_tag()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/release.yml", @"on:
  push:
    tags: ['v*']
permissions: read-all
jobs:
  provenance:
    permissions:
      actions: read
      id-token: write
      contents: write
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0
    with:
      base64-subjects: abc
  container:
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2
  go:
    uses: slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml@main
");

        var findings = repo.Check().Where(f => f.RuleId == "PSF7001").ToList();

        Assert.Equal(new[] { 15, 17 }, findings.Select(f => f.Line));
        Assert.Contains("full release tag ('slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@vX.Y.Z')", findings[0].Message);
    }

    [Fact]
    public void Job_containers_need_a_digest_and_services_a_version()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/ci.yml", @"on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    container: node:20
    services:
      redis:
        image: redis
      postgres:
        image: postgres:16
      cache:
        image: registry.example.com:5000/memcached:latest
    steps:
      - run: npm test
  pinned:
    runs-on: ubuntu-latest
    container:
      image: node:20@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b
    services:
      db:
        image: ${{ matrix.db }}
    steps:
      - run: npm test
");

        var findings = repo.Check().Where(f => f.RuleId == "PSF7001").ToList();

        Assert.Equal(new[] { "(7,16)", "(10,16)", "(14,16)" }, findings.Select(f => $"({f.Line},{f.Column})"));
        Assert.Contains("'node:20' runs every step of job 'build'", findings[0].Message);
        Assert.Contains("Service 'redis' of job 'build'", findings[1].Message);
        Assert.Contains("the floating 'latest' tag", findings[2].Message);
    }
}
