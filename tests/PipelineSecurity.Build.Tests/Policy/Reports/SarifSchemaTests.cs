using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy.Reports;

public sealed class SarifSchemaTests
{
    [Fact]
    public void The_validator_refuses_logs_that_break_the_schema()
    {
        Assert.True(SarifSchema.IsValid("""{ "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "x" } } } ] }"""));
        Assert.False(SarifSchema.IsValid("""{ "version": "2.0.0", "runs": [ { "tool": { "driver": { "name": "x" } } } ] }"""));
        Assert.False(SarifSchema.IsValid("""{ "version": "2.1.0", "runs": [ { "tool": { "driver": { } } } ] }"""));
        Assert.False(SarifSchema.IsValid("""{ "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "x" } }, "results": [ { "message": { "text": "m" }, "kind": "broken" } ] } ] }"""));
        Assert.False(SarifSchema.IsValid("""{ "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "x" } }, "results": [ { "message": { "text": "m" }, "locations": [ { "physicalLocation": { "region": { "startLine": 0 } } } ] } ] } ] }"""));
    }
}
