using Xunit;

namespace PipelineSecurity.Build.Tests.Infrastructure;

/// <summary>
/// Tests that compare running times (the linear-time checks of issue 12) run alone: next to other test classes on a
/// two-core machine their ratios measure the neighbours, not the code.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
