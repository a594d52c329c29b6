using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PipelineSecurity.Analyzers.Configuration.Common;

/// <summary>Whether the code around an operation is about credentials, tokens, signatures or keys, judged by its names.</summary>
internal static class SecurityContext
{
    /// <summary>
    /// The security-role name near <paramref name="operation"/>: the variable, member or parameter receiving its value,
    /// or the enclosing method and its parameters. Null when none of them names a security role.
    /// </summary>
    public static string? RoleName(IOperation operation, ISymbol? containingSymbol, bool keyCounts, bool includeParameters)
    {
        if (ReceiverName(operation) is { } receiver && SecurityNames.IsSecurityName(receiver, keyCounts))
        {
            return receiver;
        }

        for (var symbol = containingSymbol; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
        {
            var name = method.MethodKind == MethodKind.PropertyGet || method.MethodKind == MethodKind.PropertySet
                ? method.AssociatedSymbol?.Name
                : method.Name;
            if (SecurityNames.IsSecurityName(name, keyCounts))
            {
                return name;
            }

            if (includeParameters)
            {
                foreach (var parameter in method.Parameters)
                {
                    if (SecurityNames.IsSecurityName(parameter.Name, keyCounts))
                    {
                        return parameter.Name;
                    }
                }
            }

            if (method.MethodKind != MethodKind.LocalFunction && method.MethodKind != MethodKind.AnonymousFunction)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>The name of the local, field, property or parameter the value ends up in (through calls on it, up to the statement).</summary>
    public static string? ReceiverName(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return declarator.Symbol.Name;
                case IAssignmentOperation assignment:
                    return ValueTracker.ReferencedSymbol(assignment.Target)?.Name;
                case IArgumentOperation { Parameter: { } parameter } when parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } or IMethodSymbol { IsStatic: false }:
                    if (SecurityNames.IsSecurityName(parameter.Name, keyCounts: false))
                    {
                        return parameter.Name;
                    }

                    continue;
                // Through expression-bodied lambdas (Select(_ => chars[random.Next(…)])), not past a statement.
                case IReturnOperation { IsImplicit: true } or IBlockOperation { IsImplicit: true } or IAnonymousFunctionOperation or IDelegateCreationOperation:
                    continue;
                case IReturnOperation or IExpressionStatementOperation or IBlockOperation:
                    return null;
            }
        }

        return null;
    }
}
