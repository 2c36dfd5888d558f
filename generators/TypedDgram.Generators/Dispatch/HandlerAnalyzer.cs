using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Contracts;
using TypedDgram.Generators.Diagnostics;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Dispatch
{
    /// <summary>
    /// Reports [DatagramHandler] methods the generated dispatcher cannot call (TDG1004, TDG1005, TDG1008, TDG1010, TDG1011), handler
    /// classes that are not partial (TDG1001) and handler classes whose dispatch hides their base class's (TDG1009).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HandlerAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.NotPartial,
            DiagnosticDescriptors.BadHandlerSignature,
            DiagnosticDescriptors.HandlerForNonContract,
            DiagnosticDescriptors.DuplicateHandler,
            DiagnosticDescriptors.BaseDispatchHidden,
            DiagnosticDescriptors.ResponseMismatch,
            DiagnosticDescriptors.RequestWithoutResponse);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
        }

        private static void AnalyzeType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var handlers = type.GetMembers()
                .OfType<IMethodSymbol>()
                .Where(m => ContractSymbols.GetAttribute(m, KnownNames.DatagramHandlerAttribute) is not null)
                .ToList();
            if (handlers.Count == 0)
            {
                return;
            }

            if (type.TypeKind == TypeKind.Class)
            {
                ContractAnalyzer.ReportNonPartial(context, type, "datagram dispatch");
                DispatchBase.Find(type, out _, out var hidden);
                if (hidden is not null && DispatchBase.HasGeneratedDispatch(type))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BaseDispatchHidden, type.Locations.FirstOrDefault() ?? Location.None, type.Name, hidden.Name));
                }
            }

            var byContract = new Dictionary<INamedTypeSymbol, IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var method in handlers)
            {
                switch (HandlerSignature.Check(method, out var contract, out _, out var returnKind))
                {
                    case HandlerProblem.BadSignature:
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BadHandlerSignature, MethodIdentifier(method), method.Name));
                        break;
                    case HandlerProblem.ResponseMismatch:
                        context.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.ResponseMismatch,
                            ReturnType(method),
                            method.Name,
                            contract!.Name,
                            ContractSymbols.ResponseType(contract)!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                            method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                        break;
                    case HandlerProblem.NotAContract:
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HandlerForNonContract, FirstParameterType(method), method.Name, method.Parameters[0].Type.ToDisplayString()));
                        break;
                    default:
                        if (returnKind is HandlerReturnKind.Void or HandlerReturnKind.ValueTask or HandlerReturnKind.Task
                            && ContractSymbols.ResponseType(contract!) is { } response)
                        {
                            context.ReportDiagnostic(Diagnostic.Create(
                                DiagnosticDescriptors.RequestWithoutResponse,
                                ReturnType(method),
                                method.Name,
                                contract!.Name,
                                response.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                        }

                        if (byContract.TryGetValue(contract!, out var first))
                        {
                            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateHandler, MethodIdentifier(method), type.Name, contract!.Name, first.Name));
                        }
                        else
                        {
                            byContract.Add(contract!, method);
                        }

                        break;
                }
            }
        }

        private static Location MethodIdentifier(IMethodSymbol method)
            => method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax declaration
                ? declaration.Identifier.GetLocation()
                : method.Locations.FirstOrDefault() ?? Location.None;

        private static Location ReturnType(IMethodSymbol method)
            => method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax declaration
                ? declaration.ReturnType.GetLocation()
                : MethodIdentifier(method);

        private static Location FirstParameterType(IMethodSymbol method)
            => method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax { ParameterList.Parameters.Count: > 0 } declaration
                && declaration.ParameterList.Parameters[0].Type is { } type
                ? type.GetLocation()
                : MethodIdentifier(method);
    }
}
