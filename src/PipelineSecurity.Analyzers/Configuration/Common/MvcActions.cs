using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PipelineSecurity.Analyzers.Configuration.Common;

/// <summary>What MVC reads for an action.</summary>
internal static class MvcActions
{
    /// <summary>Where MVC finds an action's attributes (filters, [Authorize], [EnableCors]…): the action, then its controller and each base class.</summary>
    public static IEnumerable<ISymbol> AttributeHolders(IMethodSymbol action, INamedTypeSymbol controller)
    {
        yield return action;
        for (var type = controller; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            yield return type;
        }
    }
}
