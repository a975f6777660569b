/** The pixel verdict as the tree's chip shows it: a short word, the verdict's own reason as its title. */
import type { PixelVerdictAction } from '../../shared/pixelVerdict';

/** The chip's word for a verdict action. */
export function verdictWord(action: PixelVerdictAction): string {
  switch (action) {
    case 'header-only':
      return 'header only';
    case 'read':
      return 'to read';
    case 'clean':
      return 'clean';
    case 'burn':
      return 'burn';
    case 'withhold':
      return 'withheld';
    case 'write-uncleaned':
      return 'uncleaned';
  }
}
