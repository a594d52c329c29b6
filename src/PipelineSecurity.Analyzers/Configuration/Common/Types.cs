using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PipelineSecurity.Analyzers.Configuration.Common;

/// <summary>Type lookups made once per compilation, at compilation start.</summary>
internal static class Types
{
    /// <summary>The types among <paramref name="metadataNames"/> the compilation references (absent ones are left out).</summary>
    public static HashSet<INamedTypeSymbol> Resolve(Compilation compilation, params string[] metadataNames)
    {
        var set = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in metadataNames)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                set.Add(type);
            }
        }

        return set;
    }

    /// <summary>Whether <paramref name="type"/> is or derives from one of <paramref name="bases"/>.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, HashSet<INamedTypeSymbol> bases)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is INamedTypeSymbol named && bases.Contains(named.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is or derives from <paramref name="baseType"/>.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
