using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PipelineSecurity.Analyzers.Configuration.Common;

/// <summary>
/// The property assignments made on one object within a method: in its object initializer and through the local,
/// field or parameter holding it (<c>var s = new XmlReaderSettings { … }; s.XmlResolver = …;</c>).
/// </summary>
internal static class ObjectSettings
{
    /// <summary>The assignments to properties of the object that <paramref name="assignment"/> sets a property of, itself included.</summary>
    public static List<ISimpleAssignmentOperation> SiblingAssignments(ISimpleAssignmentOperation assignment)
    {
        var target = (IPropertyReferenceOperation)assignment.Target;
        var creation = CreationOf(target.Instance);
        var holder = HolderOf(target.Instance, creation);
        return Assignments(ValueTracker.Root(assignment), creation, holder);
    }

    /// <summary>The assignments to properties of the object made by <paramref name="creation"/>.</summary>
    public static List<ISimpleAssignmentOperation> AssignmentsOn(IObjectCreationOperation creation) =>
        Assignments(ValueTracker.Root(creation), creation, HolderOf(null, creation));

    /// <summary>The last value given to the property named <paramref name="name"/> among <paramref name="assignments"/>, if any.</summary>
    public static IOperation? ValueOf(List<ISimpleAssignmentOperation> assignments, string name)
    {
        IOperation? value = null;
        foreach (var assignment in assignments)
        {
            if (((IPropertyReferenceOperation)assignment.Target).Property.Name == name)
            {
                value = assignment.Value;
            }
        }

        return value;
    }

    private static List<ISimpleAssignmentOperation> Assignments(IOperation root, IObjectCreationOperation? creation, ISymbol? holder)
    {
        var found = new List<ISimpleAssignmentOperation>();
        foreach (var operation in root.Descendants())
        {
            if (operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } sibling)
            {
                continue;
            }

            var siblingCreation = CreationOf(property.Instance);
            // Set in the initializer of the same creation, on the variable holding it, or in the initializer of the
            // creation that variable was given (var r = new R { A = 1 }; r.B = 2;).
            if ((creation is not null && siblingCreation == creation)
                || (holder is not null && siblingCreation is null
                    && SymbolEqualityComparer.Default.Equals(ValueTracker.ReferencedSymbol(property.Instance), holder))
                || (holder is not null && siblingCreation is not null && creation is null
                    && SymbolEqualityComparer.Default.Equals(HolderOf(null, siblingCreation), holder)))
            {
                found.Add(sibling);
            }
        }

        return found;
    }

    /// <summary>For an object initializer's implicit receiver, the object creation it belongs to.</summary>
    private static IObjectCreationOperation? CreationOf(IOperation? instance)
    {
        if (instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            return null;
        }

        for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IObjectCreationOperation creation)
            {
                return creation;
            }
        }

        return null;
    }

    /// <summary>The local, field, property or parameter holding the object.</summary>
    private static ISymbol? HolderOf(IOperation? instance, IObjectCreationOperation? creation)
    {
        if (creation is null)
        {
            return ValueTracker.ReferencedSymbol(instance);
        }

        IOperation current = creation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation assignment when assignment.Value == current => ValueTracker.ReferencedSymbol(assignment.Target),
            _ => null,
        };
    }
}
