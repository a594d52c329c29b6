using Xunit;

namespace PipelineSecurity.Build.Tests.Pipelines;

/// <summary>PSF7020 (PersistCredentialsRule), PSF7022 (AccessTokenExposedRule), PSF7023 (UnpinnedRepositoryResourceRule), PSF7024 (TaskWithoutVersionRule).</summary>
public sealed class AzurePipelineRulesTests
{
    private const string Pipeline = @"trigger:
  branches:
    include: [main]
resources:
  repositories:
    - repository: templates
      type: github
      name: contoso/pipeline-templates
      endpoint: contoso
    - repository: pinned
      type: github
      name: contoso/pipeline-templates
      ref: 9fceb02d0ae598e95dc970b74767f19372d61af8
      endpoint: contoso
    - repository: tools
      type: git
      name: Tools/scripts
stages:
  - stage: Build
    jobs:
      - job: Build
        pool:
          vmImage: ubuntu-latest
        steps:
          - checkout: self
            persistCredentials: true
          - checkout: tools
          - template: steps/restore.yml@templates
          - template: steps/sign.yml@pinned
          - task: UseDotNet
            inputs:
              version: 8.0.x
          - task: DotNetCoreCLI@2
            inputs:
              command: build
          - script: dotnet test
            env:
              SYSTEM_ACCESSTOKEN: $(System.AccessToken)
          - script: git push origin HEAD:refs/heads/release
            env:
              SYSTEM_ACCESSTOKEN: $(System.AccessToken)
          - bash: |
              git -c http.extraheader=""AUTHORIZATION: bearer $SYSTEM_ACCESSTOKEN"" push
            env:
              SYSTEM_ACCESSTOKEN: $(System.AccessToken)
";

    [Fact]
    public void Persisted_checkout_credentials_are_reported_once()
    {
        using var repo = new PipelineTestRepository().With("azure-pipelines.yml", Pipeline);
        Assert.Equal(new[] { "azure-pipelines.yml(26,13)" }, repo.Locations("PSF7020"));
    }

    [Fact]
    public void Access_token_mapped_into_a_script_that_never_reads_it_is_reported()
    {
        using var repo = new PipelineTestRepository().With("azure-pipelines.yml", Pipeline);
        Assert.Equal(new[] { "azure-pipelines.yml(38,15)", "azure-pipelines.yml(41,15)" }, repo.Locations("PSF7022"));
    }

    [Fact]
    public void Templates_from_repositories_without_a_commit_ref_are_reported_but_not_pinned_or_checkout_only_ones()
    {
        using var repo = new PipelineTestRepository().With("azure-pipelines.yml", Pipeline);
        Assert.Equal(new[] { "azure-pipelines.yml(6,19)" }, repo.Locations("PSF7023"));
    }

    [Fact]
    public void Tasks_without_a_major_version_are_reported()
    {
        using var repo = new PipelineTestRepository().With("azure-pipelines.yml", Pipeline);
        Assert.Equal(new[] { "azure-pipelines.yml(30,19)" }, repo.Locations("PSF7024"));
    }

    [Fact]
    public void Local_templates_are_followed_and_checked()
    {
        using var repo = new PipelineTestRepository()
            .With("azure-pipelines.yml", "steps:\n  - template: build/steps/test.yml\n    parameters:\n      configuration: Release\n")
            .With("build/steps/test.yml", "parameters:\n  - name: configuration\n    default: Debug\nsteps:\n  - checkout: self\n    persistCredentials: true\n");

        Assert.Equal(new[] { "build/steps/test.yml(6,5)" }, repo.Locations("PSF7020"));
    }

    [Fact]
    public void Pipelines_kept_where_no_name_says_so_are_recognised_by_their_content()
    {
        using var repo = new PipelineTestRepository()
            .With("eng/pipelines/ci.yml", Pipeline)
            .With("eng/pipelines/templates/build.yml", @"parameters:
  - name: configuration
    default: Release
steps:
  - task: NuGetAuthenticate
")
            .With("ci/.gitlab-ci.yml", @"include:
  - template: Jobs/SAST.gitlab-ci.yml
stages:
  - test
test:
  stage: test
  script:
    - make test
")
            .With("ci/concourse.yml", @"jobs:
  - name: unit
    plan:
      - get: source
      - task: unit
        file: source/ci/unit.yml
")
            .With("config/settings.yml", @"variables:
  - name: timeout
    value: 30
steps:
  - name: warm-up
");

        Assert.Equal(new[] { "eng/pipelines/ci.yml(30,19)", "eng/pipelines/templates/build.yml(5,11)" }, repo.Locations("PSF7024"));
        Assert.Equal(new[] { "eng/pipelines/ci.yml(6,19)" }, repo.Locations("PSF7023"));
    }
}
