// `npm run lint`: typescript-eslint's type-checked recommended rules on every file, the
// import boundaries between the core, the built-ins and the adapters, and no import
// cycle. Formatting is prettier's job: no rule here is about layout.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import { importX } from 'eslint-plugin-import-x'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** The sub-folders of `dir`: one per built-in, or one per adapter. */
const folders = (dir) =>
  readdirSync(new URL(dir, import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)

const builtIns = folders('./src/middleware/')
/** The built-ins another built-in may import, by folder: Django's contrib.auth on sessions. */
const builtInDeps = { authentication: ['./session'] }
const adapters = folders('./adapters/')

/** The one import across adapter folders: the migration tool runs hook classes through
 * the legacy adapter's public entry. */
const crossAdapter = { migrate: ['./adapters/legacy/index.ts'] }

// Zones for import-x/no-restricted-paths: paths are resolved, so `import type`,
// `export … from` and dynamic import() are held to the same rules as plain imports.
const boundaries = [
  {
    target: './src',
    from: '.',
    // The Standard Schema interface `validate` takes: its types only (see below).
    except: ['./src', './node_modules/@standard-schema/spec'],
    message: 'The core (src/) imports nothing outside src/.',
  },
  {
    target: ['./src/*.ts', './src/internal/**', './src/cookies/**', './src/urls/**'],
    from: './src/middleware',
    message: 'The core does not import the built-ins: they are built on it.',
  },
  // Built-ins may also import src/cookies: sessions are built on cookies. The one
  // import across built-ins: the current user is kept in the session.
  ...builtIns.map((name) => ({
    target: `./src/middleware/${name}`,
    from: './src/middleware',
    except: [`./${name}`, ...(builtInDeps[name] ?? [])],
    message:
      'A built-in imports the core (src/*.ts), src/internal/ and src/cookies/ only.',
  })),
  ...adapters.flatMap((name) => [
    {
      target: `./adapters/${name}`,
      from: './src',
      except: ['./index.ts', './internal'],
      message:
        "An adapter imports the core's public entry (src/index.ts) and src/internal/ only.",
    },
    {
      target: `./adapters/${name}`,
      from: '.',
      except: [
        './src',
        './node_modules',
        `./adapters/${name}`,
        ...(crossAdapter[name] ?? []),
      ],
      message:
        'An adapter imports no other adapter, nor tests, bench, scripts or docs.',
    },
  ]),
]

export default defineConfig(
  {
    ignores: [
      'dist/',
      'coverage/',
      'reports/',
      'docs/reference/api/',
      'tests/adapters/aws-lambda/ric/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      // Follow imports into TypeScript files (no-cycle reads each file it passes), and
      // resolve `./x.js` to `./x.ts` as the compiler does.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: join(import.meta.dirname, 'tsconfig.json'),
        }),
      ],
    },
    rules: {
      // The public types use `any` and `{}` on purpose: `Handler<any>` is the widest
      // handler a stack accepts (variance), `{}` the identity of the request-data
      // intersection (`Req<{}>`). The no-unsafe-* rules still stop `any` in values.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
      // `Function` is the one type for "a function or a class", which error messages
      // name and inspect alike.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // A caught `unknown` passed on as a rejection keeps what was thrown, Error or not.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingUnknown: true },
      ],
      // A leading underscore marks a parameter or binding kept for its position or to
      // leave it out of a rest object.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Unions such as `HttpError | unknown` or `'*' | string` name, for the reader,
      // what an API expects; the type is the same either way.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // An empty catch is how a best-effort step says a failure changes nothing.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // A cleanup registered before the value it cleans up exists reads a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // A cycle that only `import type` lines make is erased at compile time, and
      // no-cycle skips it: such cycles are kept out by review.
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        { zones: boundaries, basePath: import.meta.dirname },
      ],
    },
  },
  {
    // The core and the adapters name no package by its own name: the core is reached by
    // a relative path, so the package never imports itself through its exports map.
    files: ['src/**/*.ts', 'adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^shallot(/|$)',
              message: "Import the core as '../../src/index.js' (or a relative path).",
            },
          ],
        },
      ],
    },
  },
  {
    // The core runs on every runtime: no Node built-in module, with or without `node:`.
    // Its one dependency, the Standard Schema spec, is an interface: types only, so the
    // package installs no code.
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@standard-schema/spec',
              allowTypeImports: true,
              message:
                'Use `import type`: the spec is an interface, nothing to bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**', 'bench/**', 'docs/examples/**'],
    rules: {
      // Test doubles and benchmark layers are async to match the interface they stand in
      // for, awaiting nothing.
      '@typescript-eslint/require-await': 'off',
      // Tests throw and reject with non-Error values on purpose: the semantics say how
      // any thrown value is reported.
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    // Type tests write code that must not compile (under @ts-expect-error): its
    // types are errors, which the no-unsafe-* rules see as `any`.
    files: ['tests/types/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // Plain JavaScript (config files, the test watchdog): outside the TypeScript project.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
)
