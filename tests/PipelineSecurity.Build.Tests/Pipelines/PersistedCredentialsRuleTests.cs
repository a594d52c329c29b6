using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

public sealed class PersistedCredentialsRuleTests
{
    [Fact]
    public void Checkout_with_persisted_token_in_a_job_that_uploads_artifacts_is_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/site.yml", @"on: push
permissions:
  contents: read
jobs:
  site:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make site
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: .
          include-hidden-files: true
      - uses: actions/upload-artifact@v3
        with:
          path: ${{ github.workspace }}
");

        Assert.Equal(new[] { ".github/workflows/site.yml(8,15)" }, repo.Locations("PSF7006"));
    }

    [Fact]
    public void Persist_credentials_false_and_jobs_without_uploads_are_not_reported()
    {
        using var repo = new PipelineTestRepository().With(".github/workflows/site.yml", @"on: push
permissions:
  contents: read
jobs:
  site:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/upload-artifact@v4
        with:
          path: out/
  bundle:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/upload-artifact@v4
        with:
          path: .
      - uses: actions/upload-artifact@v3
        with:
          path: dist/
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
");

        Assert.Empty(repo.Locations("PSF7006"));
    }

    [Fact]
    public void Persisted_token_beside_pull_request_code_is_reported_unless_a_maintainer_approved_that_commit()
    {
        const string Workflow = @"on:
  pull_request_target:
    types: TYPES
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: make test
";
        using var repo = new PipelineTestRepository()
            .With(".github/workflows/approved.yml", Workflow.Replace("TYPES", "[labeled]"))
            .With(".github/workflows/opened.yml", Workflow.Replace("TYPES", "[opened, synchronize]"));

        Assert.Equal(new[] { ".github/workflows/opened.yml(10,15)" }, repo.Locations("PSF7006"));
    }
}
