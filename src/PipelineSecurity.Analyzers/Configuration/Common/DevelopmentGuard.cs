using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PipelineSecurity.Analyzers.Configuration.Common;

/// <summary>Whether code runs only in development: inside <c>if (env.IsDevelopment())</c>, or after <c>if (!env.IsDevelopment()) return;</c>.</summary>
internal static class DevelopmentGuard
{
    public static bool IsGuarded(IOperation operation)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.WhenTrue == child && MentionsDevelopment(conditional.Condition, negated: false):
                    return true;
                case IConditionalOperation conditional when conditional.WhenFalse == child && MentionsDevelopment(conditional.Condition, negated: true):
                    return true;
                case IBlockOperation block when ExitsEarlyOutsideDevelopment(block, child):
                    return true;
            }
        }

        return false;
    }

    private static bool ExitsEarlyOutsideDevelopment(IBlockOperation block, IOperation statement)
    {
        foreach (var previous in block.Operations)
        {
            if (previous == statement)
            {
                return false;
            }

            if (previous is IConditionalOperation { WhenFalse: null } conditional
                && MentionsDevelopment(conditional.Condition, negated: true)
                && Exits(conditional.WhenTrue))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Exits(IOperation operation) => operation switch
    {
        IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => Exits(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    /// <summary>Whether the condition is an IsDevelopment() check (IsEnvironment("Development") too), negated or not as asked.</summary>
    private static bool MentionsDevelopment(IOperation condition, bool negated)
    {
        condition = ValueTracker.Unwrap(condition);
        if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            return MentionsDevelopment(not.Operand, !negated);
        }

        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary)
        {
            return MentionsDevelopment(binary.LeftOperand, negated) || MentionsDevelopment(binary.RightOperand, negated);
        }

        return !negated && condition is IInvocationOperation invocation
               && (invocation.TargetMethod.Name == "IsDevelopment"
                   || (invocation.TargetMethod.Name == "IsEnvironment" && invocation.Arguments.Length == 2
                       && invocation.Arguments[1].Value.ConstantValue is { HasValue: true, Value: "Development" }));
    }
}
