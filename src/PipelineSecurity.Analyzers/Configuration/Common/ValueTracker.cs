using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PipelineSecurity.Analyzers.Configuration.Common;

/// <summary>
/// Finds what a value may be, within one method (or field initializer): through conversions, parentheses,
/// <c>?:</c> and <c>??</c>, constants, locals (initializer and every assignment in the method, lambdas included),
/// fields and properties declared in the same file (initializer and assignments in the method), and for delegates
/// the lambda or the method group behind them. A "may" analysis: every candidate is returned, a rule reports when one
/// of them is insecure. Depth is bounded, so cycles (<c>a = b; b = a;</c>) end.
/// </summary>
internal static class ValueTracker
{
    private const int MaxDepth = 5;

    // Bounds the work on pathological code (a local assigned from many locals, each assigned many times).
    private const int MaxCandidates = 32;

    /// <summary>The candidate values of <paramref name="value"/>; the operation itself where it cannot be followed further.</summary>
    public static List<IOperation> Candidates(IOperation value)
    {
        var results = new List<IOperation>(2);
        Collect(value, results, 0);
        return results;
    }

    /// <summary>Whether one candidate is a compile-time constant satisfying <paramref name="predicate"/>.</summary>
    public static bool MayBeConstant(IOperation value, Func<object?, bool> predicate)
    {
        foreach (var candidate in Candidates(value))
        {
            if (candidate.ConstantValue.HasValue && predicate(candidate.ConstantValue.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether one candidate is the constant <c>false</c>.</summary>
    public static bool MayBeFalse(IOperation value) => MayBeConstant(value, static v => v is false);

    /// <summary>Whether one candidate is the constant <c>true</c>.</summary>
    public static bool MayBeTrue(IOperation value) => MayBeConstant(value, static v => v is true);

    /// <summary>Whether every candidate is the constant true (at least one candidate).</summary>
    public static bool IsAlwaysTrue(IOperation value)
    {
        var candidates = Candidates(value);
        foreach (var candidate in candidates)
        {
            if (candidate.ConstantValue is not { HasValue: true, Value: true })
            {
                return false;
            }
        }

        return candidates.Count > 0;
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a choice left to a flag: <c>flag ? a : b</c> (directly, or through a local
    /// initialised so) with a non-constant condition and exactly one insecure branch. Such a setting is secure unless
    /// the user opts out (<c>checkRevocation ? Online : NoCheck</c>), so rules do not report it.
    /// </summary>
    public static bool IsConfigurableChoice(IOperation value, Func<IOperation, bool> isInsecure)
    {
        value = Unwrap(value);
        if (value is ILocalReferenceOperation local)
        {
            // if (mode == Require) callback = TrustAll; else callback = Verify;  — the insecure value only on a branch.
            if (IsBranchChoice(Root(value), local.Local, isInsecure, out var declared))
            {
                return true;
            }

            // Candidates flattens ?:, so look at the declaration itself.
            if (declared is not null)
            {
                value = Unwrap(declared);
            }
        }

        return value is IConditionalOperation { WhenFalse: { } whenFalse } conditional
               && !conditional.Condition.ConstantValue.HasValue
               && isInsecure(conditional.WhenTrue) != isInsecure(whenFalse);
    }

    /// <summary>
    /// Whether the local gets several values, some secure, and every insecure one is given inside an <c>if</c> or
    /// <c>switch</c> on a non-constant condition.
    /// </summary>
    private static bool IsBranchChoice(IOperation root, ILocalSymbol local, Func<IOperation, bool> isInsecure, out IOperation? declared)
    {
        declared = null;
        var values = 0;
        var secure = 0;
        var insecureOutsideBranch = false;
        foreach (var node in root.Descendants())
        {
            IOperation? given = node switch
            {
                IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) => declarator.Initializer?.Value,
                ISimpleAssignmentOperation assignment when ReferencedSymbol(assignment.Target) is ILocalSymbol target
                                                          && SymbolEqualityComparer.Default.Equals(target, local) => assignment.Value,
                _ => null,
            };
            if (given is null)
            {
                continue;
            }

            if (node is IVariableDeclaratorOperation)
            {
                declared = given;
            }

            values++;
            if (!isInsecure(given))
            {
                secure++;
            }
            else if (!InsideBranch(node, root))
            {
                insecureOutsideBranch = true;
            }

            if (values > MaxCandidates)
            {
                return false;
            }
        }

        return values >= 2 && secure > 0 && !insecureOutsideBranch;
    }

    private static bool InsideBranch(IOperation operation, IOperation root)
    {
        for (var parent = operation.Parent; parent is not null && parent != root; parent = parent.Parent)
        {
            if ((parent is IConditionalOperation conditional && !conditional.Condition.ConstantValue.HasValue) || parent is ISwitchOperation or ISwitchCaseOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes implicit and explicit conversions and parentheses.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion when !conversion.ConstantValue.HasValue || conversion.Operand.ConstantValue.HasValue:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// The bodies a delegate value may run: lambdas, anonymous methods, and methods or local functions named by a
    /// method group (when declared in the same file).
    /// </summary>
    public static List<IOperation> DelegateBodies(IOperation value)
    {
        var bodies = new List<IOperation>(1);
        foreach (var candidate in Candidates(value))
        {
            var target = candidate is IDelegateCreationOperation creation ? Unwrap(creation.Target) : candidate;
            switch (target)
            {
                case IAnonymousFunctionOperation lambda:
                    bodies.Add(lambda.Body);
                    break;
                case IMethodReferenceOperation methodReference:
                    var body = MethodBody(methodReference.Method, candidate.SemanticModel);
                    if (body is not null)
                    {
                        bodies.Add(body);
                    }

                    break;
            }
        }

        return bodies;
    }

    /// <summary>Whether a delegate value may be one whose every return gives the constant true (a "return true" callback).</summary>
    public static bool MayBeDelegateAlwaysReturningTrue(IOperation value)
    {
        foreach (var body in DelegateBodies(value))
        {
            if (AllReturnsAreTrue(body))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the body has at least one return and every return value (of this body, not of nested lambdas) is constant true.</summary>
    public static bool AllReturnsAreTrue(IOperation body)
    {
        var returns = Returns(body);
        if (returns.Count == 0)
        {
            return false;
        }

        foreach (var returned in returns)
        {
            if (!IsAlwaysTrue(returned))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The returned values of a body, not descending into nested lambdas or local functions.</summary>
    public static List<IOperation> Returns(IOperation body)
    {
        var values = new List<IOperation>(2);
        var stack = new Stack<IOperation>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            foreach (var child in current.ChildOperations)
            {
                switch (child)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        continue;
                    case IReturnOperation { ReturnedValue: { } returned }:
                        values.Add(returned);
                        continue;
                    default:
                        stack.Push(child);
                        break;
                }
            }
        }

        return values;
    }

    /// <summary>The top of the operation tree: the method body, field initializer or attribute holding the operation.</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    private static IOperation? MethodBody(IMethodSymbol method, SemanticModel? semanticModel)
    {
        if (semanticModel is null)
        {
            return null;
        }

        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            // Same file only: another file's semantic model would cost more than this rule is worth.
            if (reference.SyntaxTree == semanticModel.SyntaxTree)
            {
                return semanticModel.GetOperation(reference.GetSyntax());
            }
        }

        return null;
    }

    private static void Collect(IOperation value, List<IOperation> results, int depth)
    {
        value = Unwrap(value);
        if (results.Count >= MaxCandidates)
        {
            return;
        }

        if (depth >= MaxDepth || value.ConstantValue.HasValue)
        {
            results.Add(value);
            return;
        }

        switch (value)
        {
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                Collect(conditional.WhenTrue, results, depth + 1);
                Collect(whenFalse, results, depth + 1);
                return;
            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, results, depth + 1);
                Collect(coalesce.WhenNull, results, depth + 1);
                return;
            case ILocalReferenceOperation local:
                if (!CollectAssignments(local.Local, value, results, depth))
                {
                    results.Add(value);
                }

                return;
            case IFieldReferenceOperation field:
                var fromField = CollectInitializer(field.Field, value.SemanticModel, results, depth);
                fromField |= CollectAssignments(field.Field, value, results, depth);
                if (!fromField)
                {
                    results.Add(value);
                }

                return;
            case IPropertyReferenceOperation { Arguments.Length: 0 } property when property.Property.DeclaringSyntaxReferences.Length > 0:
                var fromProperty = CollectInitializer(property.Property, value.SemanticModel, results, depth);
                fromProperty |= CollectAssignments(property.Property, value, results, depth);
                if (!fromProperty)
                {
                    results.Add(value);
                }

                return;
            default:
                results.Add(value);
                return;
        }
    }

    /// <summary>Values given to a local, field or property in the same operation tree: declarator initializers and simple assignments.</summary>
    private static bool CollectAssignments(ISymbol symbol, IOperation reference, List<IOperation> results, int depth)
    {
        var found = false;
        foreach (var operation in Root(reference).Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, symbol):
                    var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                    if (initializer is not null)
                    {
                        Collect(initializer.Value, results, depth + 1);
                        found = true;
                    }

                    break;
                case ISimpleAssignmentOperation assignment when ReferencedSymbol(assignment.Target) is { } target
                                                                 && SymbolEqualityComparer.Default.Equals(target, symbol):
                    Collect(assignment.Value, results, depth + 1);
                    found = true;
                    break;
            }
        }

        return found;
    }

    private static bool CollectInitializer(ISymbol symbol, SemanticModel? semanticModel, List<IOperation> results, int depth)
    {
        if (semanticModel is null)
        {
            return false;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != semanticModel.SyntaxTree)
            {
                continue;
            }

            var operation = semanticModel.GetOperation(reference.GetSyntax());
            if (operation is null)
            {
                // A field's declarator or an auto-property: the initializer is the last child syntax node.
                foreach (var child in reference.GetSyntax().ChildNodes())
                {
                    if (semanticModel.GetOperation(child) is ISymbolInitializerOperation symbolInitializer)
                    {
                        Collect(symbolInitializer.Value, results, depth + 1);
                        return true;
                    }
                }

                continue;
            }

            if (operation is ISymbolInitializerOperation initializer)
            {
                Collect(initializer.Value, results, depth + 1);
                return true;
            }
        }

        return false;
    }

    /// <summary>The local, field, property or parameter an operation names, if it names one.</summary>
    public static ISymbol? ReferencedSymbol(IOperation? operation) => operation is null ? null : Unwrap(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };
}
