import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/** How deep a document's selections may nest (the root fields are depth 1), fragments expanded. */
export const MAX_DEPTH = 8;
/** How many fields a document may select in all, fragments expanded (each root field also calls one tool). */
export const MAX_COMPLEXITY = 200;
/** How many root fields (tool calls) one document may select. */
export const MAX_ROOT_FIELDS = 12;

interface Measure {
  depth: number;
  fields: number;
}

function measure(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, depth: number, seen: Set<string>): Measure {
  let deepest = depth;
  let fields = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      fields += 1;
      if (selection.selectionSet) {
        const inner = measure(selection.selectionSet, fragments, depth + 1, seen);
        deepest = Math.max(deepest, inner.depth);
        fields += inner.fields;
      } else deepest = Math.max(deepest, depth + 1);
    } else {
      let inner: SelectionSetNode | undefined;
      if (selection.kind === Kind.INLINE_FRAGMENT) inner = selection.selectionSet;
      else if (!seen.has(selection.name.value)) inner = fragments[selection.name.value]?.selectionSet;
      if (!inner) continue;
      const nextSeen = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
      const found = measure(inner, fragments, depth, nextSeen);
      deepest = Math.max(deepest, found.depth);
      fields += found.fields;
    }
  }
  return { depth: deepest, fields };
}

/** A validation rule refusing operations past MAX_DEPTH, MAX_COMPLEXITY or MAX_ROOT_FIELDS, naming the limit. */
export function limitsRule(context: ValidationContext): ASTVisitor {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return {
    OperationDefinition(node) {
      const found = measure(node.selectionSet, fragments, 0, new Set());
      const roots = measure({ kind: Kind.SELECTION_SET, selections: node.selectionSet.selections }, fragments, 0, new Set());
      const name = node.name ? `Operation '${node.name.value}'` : 'The operation';
      if (found.depth > MAX_DEPTH) {
        context.reportError(
          new GraphQLError(`${name} nests ${found.depth} levels deep; the depth limit (maxDepth) is ${MAX_DEPTH}.`, {
            nodes: [node],
            extensions: { code: 'DEPTH_LIMIT', limit: 'maxDepth', max: MAX_DEPTH, value: found.depth },
          }),
        );
      }
      if (found.fields > MAX_COMPLEXITY) {
        context.reportError(
          new GraphQLError(`${name} selects ${found.fields} fields; the complexity limit (maxComplexity) is ${MAX_COMPLEXITY} fields.`, {
            nodes: [node],
            extensions: { code: 'COMPLEXITY_LIMIT', limit: 'maxComplexity', max: MAX_COMPLEXITY, value: found.fields },
          }),
        );
      }
      const rootCount = node.selectionSet.selections.length;
      void roots;
      if (rootCount > MAX_ROOT_FIELDS) {
        context.reportError(
          new GraphQLError(`${name} selects ${rootCount} root fields; the limit (maxRootFields) is ${MAX_ROOT_FIELDS} tool calls.`, {
            nodes: [node],
            extensions: { code: 'COMPLEXITY_LIMIT', limit: 'maxRootFields', max: MAX_ROOT_FIELDS, value: rootCount },
          }),
        );
      }
    },
  };
}
