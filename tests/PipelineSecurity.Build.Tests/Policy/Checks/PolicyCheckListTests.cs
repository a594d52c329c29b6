using System;
using System.Linq;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Checks;
using PipelineSecurity.Build.Policy.Exceptions;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy.Checks;

/// <summary>Adding a check is one class plus one line in <see cref="PolicyCheckList"/>: nothing else keeps a list of them.</summary>
public sealed class PolicyCheckListTests
{
    [Fact]
    public void Every_check_class_is_registered_once()
    {
        var classes = typeof(IPolicyCheck).Assembly.GetTypes()
            .Where(t => typeof(IPolicyCheck).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.Name)
            .ToArray();

        Assert.Equal(classes, PolicyCheckList.All.Select(c => c.GetType()).OrderBy(t => t.Name));
        Assert.Equal(6, classes.Length);
    }

    [Fact]
    public void Each_section_of_the_file_has_one_owner()
    {
        var sections = PolicyCheckList.All.SelectMany(c => c.Sections).Append(ExceptionPass.Section).ToArray();

        Assert.Equal(sections.Length, sections.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(PolicyFileParser.TopLevelKeys.Except(new[] { "$schema", "version", "mode" }), sections);
    }
}
