/** The shared stack as a Workers module, for workerd (tests/runtimes/workerd.test.ts). */
import { toFetchHandler } from '../../../adapters/fetch/index.js'
import { servedStack } from './served-stack.js'

export default toFetchHandler(servedStack())
