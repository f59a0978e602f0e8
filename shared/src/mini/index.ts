/**
 * `@regverify/shared/mini`: the schemas the mini-program checks (its requests before they leave,
 * the BFF's answers when they come) in zod/mini, whose functional API lets the bundler keep only
 * what they use; the full zod API and the other schemas would cost the main package ~60 KB. The
 * BFF keeps the originals in ../schemas, which stay the source of the types; each schema here has
 * the name of its original, and mini.test.ts holds the two equal (shape, rules, words, types).
 */
export * from './common';
export * from './mp';
export * from './system';
