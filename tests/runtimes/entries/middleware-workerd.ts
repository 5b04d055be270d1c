/** The runtime middleware suite's dispatcher as a Workers module. */
import { toFetchHandler } from '../../../adapters/fetch/index.js'
import { dispatch } from '../middleware/stacks.js'

export default toFetchHandler(dispatch())
