using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace PipelineSecurity.Analyzers.Tests.Infrastructure;

/// <summary>
/// What a test compiles against. <see cref="Net80"/> is the base class library only (the secret rules need nothing
/// more); <see cref="AspNetCore80"/> adds ASP.NET Core, JwtBearer, OpenIdConnect, Microsoft.IdentityModel, System.IdentityModel.Tokens.Jwt and
/// Json.NET, so the configuration rules (PSF2xxx) resolve the real types they register on. A rule tested without
/// its types would pass every negative test vacuously, so PSF2xxx tests always use <see cref="AspNetCore80"/>.
/// </summary>
internal sealed class ReferenceProfile
{
    public static readonly ReferenceProfile Net80 = new("net8.0", () => ImmutableArray<MetadataReference>.Empty);

    public static readonly ReferenceProfile AspNetCore80 = new("net8.0 + ASP.NET Core 8", () => TestReferences.AspNetCore80Libraries);

    private readonly Lazy<ImmutableArray<MetadataReference>> libraries;

    private ReferenceProfile(string name, Func<ImmutableArray<MetadataReference>> libraries)
    {
        Name = name;
        this.libraries = new Lazy<ImmutableArray<MetadataReference>>(libraries);
    }

    public string Name { get; }

    public ReferenceAssemblies ReferenceAssemblies => TestReferences.Net80;

    /// <summary>Sets the reference assemblies of <paramref name="test"/> and adds the profile's libraries to the code under test.</summary>
    public void ApplyTo(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = ReferenceAssemblies;
        test.TestState.AdditionalReferences.AddRange(libraries.Value);
    }

    /// <summary>Adds the profile's libraries to another compiled state (the fixed code of a code-fix test).</summary>
    public void ApplyTo(SolutionState state) => state.AdditionalReferences.AddRange(libraries.Value);

    public override string ToString() => Name;
}
